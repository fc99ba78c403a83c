import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const workspaceRoot = resolve(import.meta.dirname, '../../../..');
export const apiMainJs = join(workspaceRoot, 'dist/apps/api/main.js');
export const webDistDir = join(workspaceRoot, 'dist/apps/web/browser');
export const artifactsDir = join(workspaceRoot, 'test-artifacts');
export const chromiumPath = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';

export const hasChromium = (): boolean => existsSync(chromiumPath);
