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
import { newTaskId, subscribeChanges, subscribeProgress } from '../api/events.js';
import { ApiError, describeError } from '../api/problem.js';
import { IMPORT_FORMATS, type UploadProgress, uploadImport } from '../api/transfer.js';
import type { ProgressEvent } from '../api/types.js';
import { plural } from '../components/format.js';
import { Section } from '../components/section.js';
import {
  countsOf,
  groupRecords,
  type RecordNote,
  recordsOf,
  rowErrorsOf,
  summaryOf,
  warningsOf,
} from './import-report.js';

type State =
  | { phase: 'idle' }
  | {
      phase: 'running';
      progress: UploadProgress;
      started: number;
      task: string;
      /** The server's latest word on the processing, once it has said anything. */
      server?: ProgressEvent;
    }
  | { phase: 'done'; result: unknown; seconds: number }
  | { phase: 'failed'; error: unknown };

/** Change events the import sent while it ran: what other people's screens picked up. */
const saved = (changes: number) => `${plural(changes, 'item')} saved so far`;

/** Each record the import skipped or changed, and why; records sharing a reason share a row. */
function RecordNotes({ notes }: { notes: RecordNote[] }) {
  if (notes.length === 0) return null;
  const skipped = notes.filter((n) => n.outcome === 'skipped').length;
  const changed = notes.length - skipped;
  return (
    <Stack gap={4} data-testid="import-records">
      <Text size="sm" fw={600}>
        {[
          skipped > 0 ? `${plural(skipped, 'record')} skipped` : '',
          changed > 0 ? `${plural(changed, 'record')} changed on the way in` : '',
        ]
          .filter(Boolean)
          .join(', ')}
      </Text>
      <Table withTableBorder striped className="dense-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th w={80}>What</Table.Th>
            <Table.Th w={420}>Records</Table.Th>
            <Table.Th>Why</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {groupRecords(notes).map((g) => (
            <Table.Tr key={JSON.stringify([g.model, g.outcome, g.reason])}>
              <Table.Td>{g.outcome}</Table.Td>
              <Table.Td style={{ whiteSpace: 'normal' }}>
                <Text size="xs" c="dimmed">
                  {g.model}
                  {g.records.length > 1 ? ` (${g.records.length})` : ''}
                </Text>
                {g.records.join(', ')}
              </Table.Td>
              <Table.Td style={{ whiteSpace: 'normal' }}>{g.reason}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Stack>
  );
}

function ImportResult({ result, seconds }: { result: unknown; seconds: number }) {
  const { columns, rows } = countsOf(result);
  const warnings = warningsOf(result);
  return (
    <Stack gap={6} data-testid="import-result">
      <Alert color="green" p="xs" title={`Imported in ${seconds.toFixed(1)} s`}>
        {summaryOf(result)} Importing the same file again updates what it created.
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
      <RecordNotes notes={recordsOf(result)} />
      {warnings.length > 0 && (
        <Alert color="yellow" p="xs" title={`About the file: ${plural(warnings.length, 'note')}`}>
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

/**
 * The server's side of an import, live: the phase it is in ("checking rows", "versions") and
 * how far through it, from the progress events of this import's task.
 */
function ServerProgress({
  event,
  seconds,
  changes,
}: {
  event: ProgressEvent | undefined;
  seconds: number;
  changes: number;
}) {
  const known = event !== undefined && event.total > 1;
  return (
    <>
      <Text size="xs" data-testid="import-server-progress">
        {event ? `${event.phase[0]!.toUpperCase()}${event.phase.slice(1)}` : 'Processing'}
        {known ? `: ${event.done.toLocaleString()} of ${event.total.toLocaleString()}` : ''}
        {` (${seconds.toFixed(0)} s${changes ? `, ${saved(changes)}` : ''})`}
      </Text>
      <Progress
        value={known ? (100 * event.done) / event.total : 100}
        striped={!known}
        animated={!known}
        size="md"
      />
    </>
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

  // While an import runs: follow its progress, count the changes it publishes, tick the clock.
  const task = state.phase === 'running' ? state.task : null;
  useEffect(() => {
    if (!task) return;
    const unsubscribeProgress = subscribeProgress(task, (server) =>
      setState((s) => (s.phase === 'running' && s.task === task ? { ...s, server } : s)),
    );
    const unsubscribeChanges = subscribeChanges(() => setChanges((n) => n + 1));
    const timer = setInterval(() => setNow(Date.now()), 250);
    return () => {
      unsubscribeProgress();
      unsubscribeChanges();
      clearInterval(timer);
    };
  }, [task]);

  const start = () => {
    if (!file) return;
    const controller = new AbortController();
    abort.current = controller;
    const started = Date.now();
    const task = newTaskId();
    setChanges(0);
    setState({
      phase: 'running',
      progress: { phase: 'uploading', loaded: 0, total: file.size },
      started,
      task,
    });
    uploadImport(chosen, file, {
      skipInvalid,
      task,
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
            {/* The server may start before the browser calls the upload finished. */}
            {state.progress.phase === 'uploading' && !state.server ? (
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
              <ServerProgress
                event={state.server}
                seconds={Math.max(0, now - state.started) / 1000}
                changes={changes}
              />
            )}
          </Stack>
        )}
        {state.phase === 'done' && <ImportResult result={state.result} seconds={state.seconds} />}
        {state.phase === 'failed' && <ImportErrors error={state.error} />}
      </Stack>
    </Section>
  );
}
