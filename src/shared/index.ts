export { parseDuration, formatDuration, assertNever } from '@kong-workshop/common';
export { packageRoot, packageVersion, bundledLessonsDir, bundledFixturesDir } from './package.js';
export { slugify } from './slug.js';
export { shouldColor } from './color.js';
export { compareVersions } from './version.js';
