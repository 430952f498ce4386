import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectKube, type WatchEvent } from '../../src/kube/index.js';
import { LabSandbox } from '../../packages/kube-lab/test/lab-harness.js';

// Watches as client-node (and kubectl wait, get -w) use them: JSON lines, the current state first,
// resuming from a resourceVersion, an object leaving a selector as DELETED.

const KC = '/apis/configuration.konghq.com/v1/namespaces/kong/kongconsumers';
const consumer = (name: string, labels: Record<string, string> = {}) => ({
  apiVersion: 'configuration.konghq.com/v1',
  kind: 'KongConsumer',
  metadata: { name, labels, annotations: { 'kubernetes.io/ingress.class': 'kong' } },
  username: name,
});

let lab: LabSandbox;
beforeAll(async () => {
  lab = await LabSandbox.start();
});
afterAll(() => lab.stop());

async function collect(
  query: { fieldSelector?: string; labelSelector?: string; resourceVersion?: string },
  act: () => Promise<void>,
  until: (events: WatchEvent[]) => boolean,
): Promise<WatchEvent[]> {
  const client = await connectKube(lab.kube);
  const events: WatchEvent[] = [];
  let wake = () => {};
  const handle = await client.watch(
    { apiVersion: 'configuration.konghq.com/v1', kind: 'KongConsumer', namespace: 'kong', ...query },
    (event) => {
      events.push(event);
      wake();
    },
  );
  try {
    await act();
    const deadline = Date.now() + 10_000;
    while (!until(events) && Date.now() < deadline)
      await new Promise<void>((resolve) => {
        wake = resolve;
        setTimeout(resolve, 200);
      });
    return events;
  } finally {
    handle.close();
  }
}

const summary = (events: WatchEvent[]) => events.map((e) => `${e.type} ${e.object.metadata?.name}`);

describe('watching the kube lab through client-node', () => {
  it('sends the current objects, then ADDED, MODIFIED (the controller writing status) and DELETED', async () => {
    await lab.client.send('POST', KC, { body: consumer('before') });
    const events = await collect(
      {},
      async () => {
        await lab.client.send('POST', KC, { body: consumer('watched') });
        await lab.sandbox.flush();
        await lab.client.send('DELETE', `${KC}/watched`);
      },
      (seen) => seen.some((e) => e.type === 'DELETED'),
    );
    expect(summary(events)).toEqual(
      expect.arrayContaining(['ADDED before', 'ADDED watched', 'MODIFIED watched', 'DELETED watched']),
    );
    const programmed = events.find((e) => e.type === 'MODIFIED' && e.object.metadata?.name === 'watched');
    expect(programmed?.object.status).toMatchObject({
      conditions: [expect.objectContaining({ type: 'Programmed', status: 'True' })],
    });
    const versions = events.map((e) => Number(e.object.metadata?.resourceVersion));
    expect(versions).toEqual([...versions].sort((a, b) => a - b));
  });

  it('resumes after a resourceVersion, without the current state', async () => {
    const list = (await lab.client.send('GET', KC)).body as { metadata: { resourceVersion: string } };
    await lab.client.send('POST', KC, { body: consumer('after') });
    const events = await collect(
      { resourceVersion: list.metadata.resourceVersion },
      async () => {},
      (seen) => seen.some((e) => e.object.metadata?.name === 'after'),
    );
    expect(summary(events)[0]).toBe('ADDED after');
    expect(summary(events)).not.toContain('ADDED before');
  });

  it('follows a field selector, and reports an object leaving a label selector as DELETED', async () => {
    await lab.client.send('POST', KC, { body: consumer('labelled', { tier: 'gold' }) });
    const events = await collect(
      { labelSelector: 'tier=gold' },
      async () => {
        await lab.client.send('PATCH', `${KC}/labelled`, {
          body: { metadata: { labels: { tier: 'silver' } } },
          contentType: 'application/merge-patch+json',
        });
      },
      (seen) => seen.some((e) => e.type === 'DELETED'),
    );
    expect(summary(events)[0]).toBe('ADDED labelled');
    expect(summary(events)).toContain('DELETED labelled');
    const byName = await collect(
      { fieldSelector: 'metadata.name=after' },
      async () => {},
      (seen) => seen.length > 0,
    );
    expect(summary(byName)).toEqual(['ADDED after']);
  });
});
