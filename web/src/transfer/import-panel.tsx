import {
  Alert,
  Button,
  Checkbox,
  FileInput,
  Group,
  Progress,
  Select,
  Stack,
  Table,
  Text,
} from '@mantine/core';
import { useEffect, useRef, useState } from 'react';
import { subscribeChanges } from '../api/events.js';
import { ApiError, describeError } from '../api/problem.js';
import { IMPORT_FORMATS, type UploadProgress, uploadImport } from '../api/transfer.js';
import { Section } from '../components/section.js';
import { countsOf, rowErrorsOf, warningsOf } from './import-report.js';

type State =
  | { phase: 'idle' }
  | { phase: 'running'; progress: UploadProgress; started: number }
  | { phase: 'done'; result: unknown; seconds: number }
  | { phase: 'failed'; error: unknown };

function ImportResult({
  result,
  seconds,
  changes,
}: {
  result: unknown;
  seconds: number;
  changes: number;
}) {
  const { columns, rows } = countsOf(result);
  const warnings = warningsOf(result);
  return (
    <Stack gap={6} data-testid="import-result">
      <Alert color="green" p="xs" title="Imported">
        Finished in {seconds.toFixed(1)} s{changes ? `; ${changes} changes published` : ''}.
        Importing the same file again updates what it created.
      </Alert>
      {rows.length > 0 && (
        <Table withTableBorder className="dense-table" maw={560}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Model</Table.Th>
              {columns.map((c) => (
                <Table.Th key={c} ta="right">
                  {c}
                </Table.Th>
              ))}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((r) => (
              <Table.Tr key={r.model}>
                <Table.Td>{r.model}</Table.Td>
                {columns.map((c) => (
                  <Table.Td key={c} ta="right" className="mono">
                    {r.values[c] ?? ''}
                  </Table.Td>
                ))}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {warnings.length > 0 && (
        <Alert color="yellow" p="xs" title={`${warnings.length} warnings`}>
          <Stack gap={2}>
            {warnings.map((w) => (
              <Text key={w} size="xs">
                {w}
              </Text>
            ))}
          </Stack>
        </Alert>
      )}
    </Stack>
  );
}

function ImportErrors({ error }: { error: unknown }) {
  if (!(error instanceof ApiError) || error.problems.length === 0) {
    return (
      <Alert
        color={error instanceof ApiError && error.status === 403 ? 'orange' : 'red'}
        p="xs"
        title="Import failed"
      >
        {describeError(error)}
      </Alert>
    );
  }
  const rows = rowErrorsOf(error.problems);
  return (
    <Stack gap={6} data-testid="import-errors">
      <Alert color="red" p="xs" title="Nothing was imported">
        {rows.length === 1 ? 'One problem was found' : `${rows.length} problems were found`} and
        nothing was written. Fix the file (or skip invalid rows) and import it again.
      </Alert>
      <Table withTableBorder striped className="dense-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th w={70}>Row</Table.Th>
            <Table.Th w={220}>Column / where</Table.Th>
            <Table.Th>Reason</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((r, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: problems have no identity
            <Table.Tr key={i}>
              <Table.Td className="mono">{r.row ?? ''}</Table.Td>
              <Table.Td>{r.column ?? ''}</Table.Td>
              <Table.Td style={{ whiteSpace: 'normal' }}>{r.reason}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Stack>
  );
}

/** Upload a file to POST /api/import/:format and follow it: upload, processing, report. */
export function ImportPanel() {
  const [format, setFormat] = useState(IMPORT_FORMATS[0]!.value);
  const [file, setFile] = useState<File | null>(null);
  const [skipInvalid, setSkipInvalid] = useState(false);
  const [state, setState] = useState<State>({ phase: 'idle' });
  const [changes, setChanges] = useState(0);
  const [now, setNow] = useState(Date.now());
  const abort = useRef<AbortController | null>(null);
  const chosen = IMPORT_FORMATS.find((f) => f.value === format)!;
  const running = state.phase === 'running';

  // While an import runs: count the change events it publishes and tick the clock.
  useEffect(() => {
    if (!running) return;
    const unsubscribe = subscribeChanges(() => setChanges((n) => n + 1));
    const timer = setInterval(() => setNow(Date.now()), 250);
    return () => {
      unsubscribe();
      clearInterval(timer);
    };
  }, [running]);

  const start = () => {
    if (!file) return;
    const controller = new AbortController();
    abort.current = controller;
    const started = Date.now();
    setChanges(0);
    setState({
      phase: 'running',
      progress: { phase: 'uploading', loaded: 0, total: file.size },
      started,
    });
    uploadImport(chosen, file, {
      skipInvalid,
      signal: controller.signal,
      onProgress: (progress) => setState((s) => (s.phase === 'running' ? { ...s, progress } : s)),
    })
      .then((result) => {
        const took = (result as { durationMs?: unknown })?.durationMs;
        setState({
          phase: 'done',
          result,
          seconds: (typeof took === 'number' ? took : Date.now() - started) / 1000,
        });
      })
      .catch((error: unknown) => setState({ phase: 'failed', error }));
  };

  return (
    <Section title="Import" testId="import-panel">
      <Stack gap="xs">
        <Group align="flex-end" gap="xs">
          <Select
            label="Format"
            data={IMPORT_FORMATS.map((f) => ({ value: f.value, label: f.label }))}
            value={format}
            onChange={(v) => setFormat(v ?? format)}
            allowDeselect={false}
            w={260}
            size="xs"
            disabled={running}
          />
          <FileInput
            label="File"
            placeholder={`Choose a ${chosen.accept} file`}
            accept={chosen.accept}
            value={file}
            onChange={setFile}
            clearable
            w={300}
            size="xs"
            disabled={running}
          />
          {format === 'spreadsheet' && (
            <Checkbox
              label="Skip invalid rows"
              checked={skipInvalid}
              onChange={(e) => setSkipInvalid(e.currentTarget.checked)}
              size="xs"
              mb={6}
            />
          )}
          <Button size="xs" onClick={start} disabled={!file || running} loading={running}>
            Import
          </Button>
          {running && (
            <Button size="xs" variant="subtle" color="gray" onClick={() => abort.current?.abort()}>
              Cancel upload
            </Button>
          )}
        </Group>
        {state.phase === 'running' && (
          <Stack gap={4} maw={620} data-testid="import-progress">
            {state.progress.phase === 'uploading' ? (
              <>
                <Text size="xs">
                  Uploading {Math.round(state.progress.loaded / 1024)} of{' '}
                  {Math.round(state.progress.total / 1024)} KiB
                </Text>
                <Progress
                  value={
                    state.progress.total ? (100 * state.progress.loaded) / state.progress.total : 0
                  }
                  size="md"
                />
              </>
            ) : (
              <>
                <Text size="xs">
                  Processing on the server: {((now - state.started) / 1000).toFixed(0)} s
                  {changes ? `, ${changes} changes written so far` : ''}
                </Text>
                <Progress value={100} striped animated size="md" />
              </>
            )}
          </Stack>
        )}
        {state.phase === 'done' && (
          <ImportResult result={state.result} seconds={state.seconds} changes={changes} />
        )}
        {state.phase === 'failed' && <ImportErrors error={state.error} />}
      </Stack>
    </Section>
  );
}
