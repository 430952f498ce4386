/**
 * The lesson `kong-workshop new <id>` writes: every part of the format an author needs first
 * (front matter, a step with a file, a command, a check, a hint and a solution, a clean-up),
 * on the sandbox, so it lints clean and `verify` proves it as written.
 */
export function scaffoldLesson(id: string): string {
  const title = id
    .split('-')
    .map((word, index) => (index === 0 ? word.charAt(0).toUpperCase() + word.slice(1) : word))
    .join(' ');
  return `---
id: ${id}
title: ${title}
summary: One sentence on what the learner can do after this lesson.
duration: 10m
targets: [sandbox]
---

# ${title}

Say what the learner will build and why it matters. Each \`##\` heading below is a step: its
commands run, then its checks prove that the step did what it says.

## Route /${id} to the echo service

Kong forwards a request to a service when one of the service's routes matches it.

\`\`\`yaml file=kong.yaml
_format_version: "3.0"
services:
  - name: ${id}
    url: "{{UPSTREAM}}"
    routes:
      - name: ${id}
        paths: [/${id}]
\`\`\`

\`\`\`sh run
kong-workshop sandbox sync kong.yaml
\`\`\`

\`\`\`check
name: /${id} reaches the upstream
request: GET {{PROXY}}/${id}
expect:
  status: 200
  json:
    $.headers.host: { present: true }
\`\`\`

<details>
<summary>Hint</summary>

A 404 means no route matches the path yet: is \`kong.yaml\` synced?

</details>

<details>
<summary>Solution</summary>

\`\`\`sh
kong-workshop sandbox sync kong.yaml
\`\`\`

</details>

## Clean up

\`\`\`yaml file=empty.yaml
_format_version: "3.0"
\`\`\`

\`\`\`sh run
kong-workshop sandbox sync empty.yaml
\`\`\`
`;
}

/** Why `id` cannot be a lesson id, or undefined when it can. */
export function lessonIdProblem(id: string): string | undefined {
  return /^[a-z0-9]+(-[a-z0-9]+)*$/.test(id)
    ? undefined
    : `'${id}' is not a lesson id: use lower case words joined by dashes, e.g. my-first-lesson`;
}
