import { expect } from 'vitest';
import { describeFidelity, echoService, type FidelityCase, type TestSandbox } from './harness.js';

// The request-termination plugin, from Kong/kong at tag 3.9.1: kong/plugins/request-termination/
// {handler,schema}.lua and spec/03-plugins/14-request-termination/02-access_spec.lua. Rows name the spec case.

const terminate = (sb: TestSandbox, config: Record<string, unknown>, route: Record<string, unknown> = {}) =>
  sb.configure({
    services: [echoService({ routes: [{ name: 'echo-route', paths: ['/echo'], ...route }] })],
    plugins: [{ name: 'request-termination', route: 'echo-route', config }],
  });

const cases: FidelityCase[] = [
  {
    ref: '02-access_spec "default status code and message"',
    fact: 'no config: 503 {"message":"Service unavailable"} as compact JSON, with Server and X-Kong-Request-Id',
    async run(sb) {
      await terminate(sb, {});
      const answer = await sb.proxy('/echo');
      expect([answer.status, answer.text]).toEqual([503, '{"message":"Service unavailable"}']);
      expect(answer.headers.get('content-type')).toBe('application/json; charset=utf-8');
      expect(answer.headers.get('server')).toMatch(/^kong\//);
      expect(answer.headers.get('x-kong-request-id')).toMatch(/^[0-9a-f]+$/);
    },
  },
  {
    ref: '02-access_spec "status code with default message" / "with custom message"',
    fact: 'status_code 404 → "Not found"; status_code 406 with message "Invalid" → {"message":"Invalid"}',
    async run(sb) {
      await terminate(sb, { status_code: 404 });
      expect((await sb.proxy('/echo')).json).toEqual({ message: 'Not found' });
      await terminate(sb, { status_code: 406, message: 'Invalid' });
      const custom = await sb.proxy('/echo');
      expect([custom.status, custom.json]).toEqual([406, { message: 'Invalid' }]);
    },
  },
  {
    ref: '02-access_spec "returns 204 without content length header"',
    fact: 'status_code 204: no body and no Content-Length',
    async run(sb) {
      await terminate(sb, { status_code: 204 });
      const answer = await sb.proxy('/echo');
      expect([answer.status, answer.text]).toEqual([204, '']);
      expect(answer.headers.get('content-length')).toBeNull();
    },
  },
  {
    ref: '02-access_spec "default status code and body"',
    fact: 'body and content_type are sent as they are',
    async run(sb) {
      const html = '<html><body><h1>Service is down for maintenance</h1></body></html>';
      await terminate(sb, { status_code: 451, body: html, content_type: 'text/html' });
      const answer = await sb.proxy('/echo');
      expect([answer.status, answer.text, answer.headers.get('content-type')]).toEqual([451, html, 'text/html']);
    },
  },
  {
    ref: '02-access_spec "default status code and message with serviceless route"',
    fact:
      'on a route without a service it still answers 503 "Service unavailable" (plugins run before the ' +
      'no-service check)',
    async run(sb) {
      await sb.admin('POST', '/routes', { name: 'lonely', paths: ['/lonely'] });
      await sb.admin('POST', '/routes/lonely/plugins', { name: 'request-termination' });
      const answer = await sb.proxy('/lonely');
      expect([answer.status, answer.json]).toEqual([503, { message: 'Service unavailable' }]);
    },
  },
  {
    ref: 'handler.lua trigger',
    fact: 'with trigger set, only requests carrying that header or query argument are terminated',
    async run(sb) {
      await terminate(sb, { status_code: 418, message: 'teapot', trigger: 'X-Terminate' });
      expect((await sb.proxy('/echo')).status).toBe(200);
      expect((await sb.proxy('/echo', { headers: { 'x-terminate': '1' } })).status).toBe(418);
      expect((await sb.proxy('/echo?X-Terminate=1')).status).toBe(418);
    },
  },
  {
    ref: 'schema.lua custom_validator',
    fact:
      'message with body is refused: "message cannot be used with content_type or body"; content_type alone: ' +
      '"content_type requires a body"',
    async run(sb) {
      const both = await sb.admin('POST', '/plugins', {
        name: 'request-termination',
        config: { message: 'x', body: 'y' },
      });
      expect([both.status, both.json.fields.config]).toEqual([400, 'message cannot be used with content_type or body']);
      const typeOnly = await sb.admin('POST', '/plugins', {
        name: 'request-termination',
        config: { content_type: 'text/plain' },
      });
      expect(typeOnly.json.fields.config).toBe('content_type requires a body');
    },
  },
];

describeFidelity('request-termination fidelity (Kong 3.9.1 request-termination plugin)', cases);
