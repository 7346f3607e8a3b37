import { Button, Stack, Text, Title } from '@mantine/core';
import { Link } from '@tanstack/react-router';

export function NotFoundPage() {
  return (
    <Stack align="center" mt="xl" gap="xs">
      <Title order={3}>Page not found</Title>
      <Text c="dimmed">There is nothing at this address.</Text>
      <Button component={Link} to="/components" variant="light" size="xs">
        Go to components
      </Button>
    </Stack>
  );
}
