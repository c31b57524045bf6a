/** Uploads for answers: request and response shapes. */
import { Type, type Static } from 'typebox';
import { UploadedFile } from '../transfer/upload.ts';

export const FileUploadRequest = Type.Object({ file: UploadedFile });
export type FileUploadRequest = Static<typeof FileUploadRequest>;

export const FileInfo = Type.Object({
  id: Type.String(),
  name: Type.String(),
  type: Type.String(),
  size: Type.Integer(),
  uploadedBy: Type.String(),
  uploadedAt: Type.String(),
  /** Absolute address to put in an answer (answers are shown on the city's pages, not on this server). */
  url: Type.String(),
  /** Ready to paste into an answer: an image, or a link to a PDF. */
  markdown: Type.String(),
});
export type FileInfo = Static<typeof FileInfo>;

export const FileListReply = Type.Object({ files: Type.Array(FileInfo) });
export type FileListReply = Static<typeof FileListReply>;
