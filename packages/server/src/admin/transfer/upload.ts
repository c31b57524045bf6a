/**
 * File uploads (multipart/form-data) for the admin plugins that take a file: the file part named `file` is
 * read into memory up to a limit and appears in the body as `{ name, bytes }`, beside the other fields (as
 * text), so the route's body schema validates the whole request like a JSON one.
 */
import multipart, { type MultipartFile } from '@fastify/multipart';
import type { FastifyInstance } from 'fastify';
import { Type, type Static } from 'typebox';
import { ApiError, type ApiErrorCode } from '../../http/api-error.ts';

/** The `file` part, read whole. */
export const UploadedFile = Type.Object(
  {
    name: Type.String({ description: 'The file name as sent (its extension chooses the format).' }),
    bytes: Type.Unsafe<Buffer>({ description: 'The file\'s bytes.' }),
  },
  { description: 'Send the file as the multipart part named "file".' },
);
export type UploadedFile = Static<typeof UploadedFile>;

export interface UploadOptions {
  maxBytes: number;
  /** Files one request may carry (default 1); several parts named `file` arrive as an array. */
  maxFiles?: number;
  /** The error for a file over the limit. */
  tooLarge: { code: ApiErrorCode; message: string };
}

/** A file download's 200 response (sent as bytes; described for OpenAPI). */
export const FileDownload = Type.Unsafe<Buffer>({ type: 'string', format: 'binary' });

/** A text field of a multipart form holding a whole number, e.g. a revision. */
export const NUMBER_FIELD_PATTERN = '^[0-9]{1,9}$';

/**
 * The upload's bytes; refuses a `file` that was not sent as a file part (e.g. a JSON body imitating one).
 *
 * @example `const bytes = uploadedBytes(request.body.file);`
 */
export function uploadedBytes(file: UploadedFile): Buffer {
  if (!Buffer.isBuffer(file.bytes)) throw new ApiError(400, 'INVALID_REQUEST', 'ファイルは multipart/form-data の「file」として送ってください。');
  return file.bytes;
}

/**
 * Lets this plugin's routes take one uploaded file.
 *
 * @example `await acceptUploads(app, { maxBytes: QA_IO_LIMITS.maxFileBytes, tooLarge: { code: 'QA_FILE_TOO_LARGE', message: '…' } });`
 */
export async function acceptUploads(app: FastifyInstance, options: UploadOptions): Promise<void> {
  await app.register(multipart, {
    attachFieldsToBody: 'keyValues',
    limits: { fileSize: options.maxBytes, files: options.maxFiles ?? 1, fields: 10, fieldSize: 1024 * 1024, parts: (options.maxFiles ?? 1) + 11 },
    async onFile(part: MultipartFile) {
      let bytes: Buffer;
      try {
        bytes = await part.toBuffer();
      } catch (error) {
        if (error instanceof Error && 'code' in error && error.code === 'FST_REQ_FILE_TOO_LARGE') {
          throw new ApiError(413, options.tooLarge.code, options.tooLarge.message);
        }
        throw error;
      }
      part.value = { name: part.filename, bytes } satisfies UploadedFile;
    },
  });
}
