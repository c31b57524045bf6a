/**
 * Uploading images and PDFs for answers over a real port: type judged from the bytes, size limited, roles
 * checked, served back publicly as uploaded.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { call, serverWithStaff, upload } from '../qas/api-test-support.ts';
import type { FileInfo, FileListReply } from './schema.ts';

const t = serverWithStaff({ editor: 'editor', viewer: 'viewer' });

// The smallest files the type detector recognises by their first bytes.
const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082', 'hex');
const PDF = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');

test('an editor uploads an image and a PDF; each gets its address and ready-made Markdown', async () => {
  const image = await upload<FileInfo>(t.server, t.editor, '/files', { name: 'C:\\写真\\庁舎の地図.png', bytes: PNG });
  assert.equal(image.status, 201);
  assert.equal(image.body.type, 'image/png');
  assert.equal(image.body.name, '庁舎の地図.png');
  assert.equal(image.body.url, `${t.server.url}/files/${image.body.id}/${encodeURIComponent('庁舎の地図.png')}`);
  assert.equal(image.body.markdown, `![庁舎の地図](${image.body.url})`);

  // A PDF named .txt is still a PDF: the content decides.
  const pdf = await upload<FileInfo>(t.server, t.editor, '/files', { name: '申請書.txt', bytes: PDF });
  assert.equal(pdf.status, 201);
  assert.deepEqual([pdf.body.type, pdf.body.name, pdf.body.size], ['application/pdf', '申請書.pdf', PDF.length]);
  assert.equal(pdf.body.markdown, `[申請書.pdf](${pdf.body.url})`);

  const served = await fetch(pdf.body.url);
  assert.equal(served.status, 200);
  assert.equal(served.headers.get('content-type'), 'application/pdf');
  assert.equal(served.headers.get('x-content-type-options'), 'nosniff');
  assert.ok(Buffer.from(await served.arrayBuffer()).equals(PDF));

  const list = await call<FileListReply>(t.server, t.viewer, 'GET', '/files');
  assert.deepEqual(list.body.files.map((f) => f.id).sort(), [image.body.id, pdf.body.id].sort());
});

test('refuses what is not an image or PDF, whatever its name, and files over 10 MB', async () => {
  const script = await upload<{ error: { code: string; message: string } }>(t.server, t.editor, '/files', { name: 'photo.png', bytes: '<script>alert(1)</script>' });
  assert.equal(script.status, 415);
  assert.equal(script.body.error.code, 'FILE_TYPE_NOT_ACCEPTED');
  const html = await upload<{ error: { code: string } }>(t.server, t.editor, '/files', { name: 'page.pdf', bytes: '<html><body>x</body></html>' });
  assert.equal(html.status, 415);
  const huge = await upload<{ error: { code: string } }>(t.server, t.editor, '/files', { name: 'big.pdf', bytes: Buffer.concat([PDF, Buffer.alloc(10 * 1024 * 1024)]) });
  assert.deepEqual([huge.status, huge.body.error.code], [413, 'FILE_TOO_LARGE']);
  assert.equal((await call<FileListReply>(t.server, t.viewer, 'GET', '/files')).body.files.length, 2, 'nothing was stored');
});

test('a 閲覧者 cannot upload, and an unknown file is a 404', async () => {
  const refused = await upload<{ error: { code: string } }>(t.server, t.viewer, '/files', { name: 'a.png', bytes: PNG });
  assert.deepEqual([refused.status, refused.body.error.code], [403, 'FORBIDDEN']);
  const missing = await fetch(`${t.server.url}/files/nothing/x.pdf`);
  assert.equal(missing.status, 404);
});
