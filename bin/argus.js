#!/usr/bin/env node
// The `argus` command. Sources are TypeScript run through tsx, so there is no server build step.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/main.ts');
