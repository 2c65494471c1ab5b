import assert from 'node:assert/strict';
import { checkLoadUrl } from '../../../scripts/bench/load-url';
import { ConfigError } from '../../../src/errors';

describe('bench/checkLoadUrl (the network rule)', () => {
  for (const url of ['http://127.0.0.1:18180/bench/', 'http://127.3.2.1/', 'http://10.77.0.11:8080/x', 'http://10.77.0.254/']) {
    it(`accepts ${url}`, () => assert.equal(checkLoadUrl(url).href, url));
  }

  it('sends localhost to 127.0.0.1', () => assert.equal(checkLoadUrl('http://localhost:9/a').href, 'http://127.0.0.1:9/a'));

  const refused: readonly (readonly [string, string])[] = [
    ['http://10.77.1.5/', 'outside the allowed networks'],
    ['http://10.0.0.1/', 'outside the allowed networks'],
    ['http://192.168.1.10/', 'outside the allowed networks'],
    ['http://8.8.8.8/', 'outside the allowed networks'],
    ['http://example.com/', 'outside the allowed networks'],
    ['http://[::1]:80/', 'outside the allowed networks'],
    ['https://127.0.0.1/', 'uses https:'],
    ['127.0.0.1:80', 'is not a URL'],
    ['not a url', 'is not a URL'],
  ];
  for (const [url, why] of refused) {
    it(`refuses ${url}, naming the URL and what is accepted`, () => {
      assert.throws(
        () => checkLoadUrl(url),
        (error: unknown) =>
          error instanceof ConfigError && error.key === 'url' && error.message.includes(why) && error.message.includes('127.0.0.0/8') && error.hint !== undefined,
      );
    });
  }
});
