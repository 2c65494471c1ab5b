import assert from 'node:assert/strict';
import { checkHostKey, keyFingerprint } from '../../../../src/adapters/docker/known-hosts';

// Two ed25519 public keys made with ssh-keygen; the hashed lines are `ssh-keygen -H` of the plain ones.
const keyA = 'AAAAC3NzaC1lZDI1NTE5AAAAIEl9XAPryjSvJn510SqXCoV0RldW6WMwzNRf/kBpPVz7';
const keyB = 'AAAAC3NzaC1lZDI1NTE5AAAAIH/L/FQ0gb+Wc/6cHMjI6CYpVb3alWTew421yM1EfK8O';
const a = Buffer.from(keyA, 'base64');
const b = Buffer.from(keyB, 'base64');
const plain = `# a comment\nnode-3 ssh-ed25519 ${keyA}\n[10.77.0.11]:2222 ssh-ed25519 ${keyA} root@h1\n`;
const hashed = [
  `|1|zIVN5eyzfwP5nfU5pijThlC08vA=|ZcAMCdBEEtD7Rbs0cMq411//VGY= ssh-ed25519 ${keyA}`,
  `|1|bHtSs97LhQtSpsobNbmaoSK800g=|BTNv2PzZ0q6gJ7dXgAaAUJsNcHg= ssh-ed25519 ${keyA}`,
].join('\n');

describe('adapters/docker/known-hosts: the host key check ssh does', () => {
  for (const [form, text] of [['plain', plain], ['hashed (ssh-keygen -H)', hashed]] as const) {
    it(`${form}: the listed key of a host is known; another key is a changed key; an unlisted host is unknown`, () => {
      assert.deepEqual(checkHostKey(text, 'node-3', 22, a), { kind: 'known' });
      assert.deepEqual(checkHostKey(text, 'NODE-3', 22, a), { kind: 'known' }, 'host names compare without case');
      assert.deepEqual(checkHostKey(text, '10.77.0.11', 2222, a), { kind: 'known' }, 'a port other than 22 is listed as [host]:port');
      assert.deepEqual(checkHostKey(text, 'node-3', 22, b), { kind: 'changed', listed: ['ssh-ed25519'] });
      assert.deepEqual(checkHostKey(text, '10.77.0.11', 22, a), { kind: 'unknown' }, 'the same host on port 22 is another entry');
      assert.deepEqual(checkHostKey(text, 'node-4', 22, a), { kind: 'unknown' });
    });
  }

  it('pattern lists: wildcards match, a negated pattern excludes the host', () => {
    const text = `*.prod.example.com,!db.prod.example.com ssh-ed25519 ${keyA}\nnode-?.example.com ssh-ed25519 ${keyB}\n`;
    assert.deepEqual(checkHostKey(text, 'app.prod.example.com', 22, a), { kind: 'known' });
    assert.deepEqual(checkHostKey(text, 'db.prod.example.com', 22, a), { kind: 'unknown' });
    assert.deepEqual(checkHostKey(text, 'node-7.example.com', 22, b), { kind: 'known' });
    assert.deepEqual(checkHostKey(text, 'node-17.example.com', 22, b), { kind: 'unknown' });
  });

  it('a key marked @revoked is refused even when it is also listed; @cert-authority lines are not taken as host keys', () => {
    const text = `node-3 ssh-ed25519 ${keyA}\n@revoked node-3 ssh-ed25519 ${keyA}\n@cert-authority node-9 ssh-ed25519 ${keyB}\n`;
    assert.deepEqual(checkHostKey(text, 'node-3', 22, a), { kind: 'revoked' });
    assert.deepEqual(checkHostKey(text, 'node-9', 22, b), { kind: 'unknown' });
  });

  it('an empty or unreadable file knows no host', () => {
    assert.deepEqual(checkHostKey('', 'node-3', 22, a), { kind: 'unknown' });
    assert.deepEqual(checkHostKey('garbage\n\n  \n', 'node-3', 22, a), { kind: 'unknown' });
  });

  it('fingerprints read as ssh-keygen -lf prints them', () => {
    assert.equal(keyFingerprint(a), 'SHA256:SIxoli/LkDvrzg4Z2Mk0hmNUQSNXE7VhUCjy9vWXkwE');
  });
});
