import { createTheme, Table } from '@mantine/core';

/** A dense admin look: small controls and tight tables, so many rows fit on a screen. */
export const theme = createTheme({
  primaryColor: 'indigo',
  defaultRadius: 'sm',
  fontFamily: 'Inter, system-ui, -apple-system, "Segoe UI", Roboto, sans-serif',
  fontFamilyMonospace: 'ui-monospace, "JetBrains Mono", Menlo, Consolas, monospace',
  components: {
    Table: Table.extend({ defaultProps: { verticalSpacing: 4, horizontalSpacing: 8, fz: 'sm' } }),
  },
});

/** Lifecycle colours: shared by badges, graph nodes and the graph legend. */
export const LIFECYCLE_COLORS: Record<string, string> = {
  unknown: 'gray',
  experimental: 'grape',
  new: 'cyan',
  mature: 'green',
  legacy: 'yellow',
  deprecated: 'orange',
  eol: 'red',
  eos: 'dark',
};
