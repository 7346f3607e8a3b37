import {
  Alert,
  Button,
  Center,
  Paper,
  PasswordInput,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useRouter, useSearch } from '@tanstack/react-router';
import { type FormEvent, useState } from 'react';
import { useLogin } from '../api/auth.js';
import { describeError } from '../api/problem.js';
import { safeRedirect } from './redirect.js';

/** Username and password; on success goes back to where the user was sent from. */
export function LoginPage() {
  const search = useSearch({ strict: false }) as { redirect?: string };
  const router = useRouter();
  const login = useLogin();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');

  const submit = (event: FormEvent) => {
    event.preventDefault();
    login.mutate(
      { username: username.trim(), password },
      { onSuccess: () => router.history.push(safeRedirect(search.redirect)) },
    );
  };

  return (
    <Center h="100vh" bg="gray.1">
      <Paper withBorder shadow="sm" p="xl" w={360}>
        <form onSubmit={submit}>
          <Stack gap="sm">
            <div>
              <Title order={2} c="indigo.7">
                Argus
              </Title>
              <Text size="sm" c="dimmed">
                Log in to the operations control plane
              </Text>
            </div>
            {login.error && (
              <Alert color="red" variant="light" p="xs">
                {describeError(login.error)}
              </Alert>
            )}
            <TextInput
              label="Username"
              name="username"
              autoComplete="username"
              value={username}
              onChange={(e) => setUsername(e.currentTarget.value)}
              required
              autoFocus
            />
            <PasswordInput
              label="Password"
              name="password"
              autoComplete="current-password"
              value={password}
              onChange={(e) => setPassword(e.currentTarget.value)}
              required
            />
            <Button type="submit" loading={login.isPending} fullWidth>
              Log in
            </Button>
          </Stack>
        </form>
      </Paper>
    </Center>
  );
}
