export { parseDuration, formatDuration } from './duration.js';
export { packageRoot, packageVersion, bundledLessonsDir, bundledFixturesDir } from './package.js';
export { assertNever } from './assert-never.js';
export { slugify } from './slug.js';
export { shouldColor } from './color.js';
