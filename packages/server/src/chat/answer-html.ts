/**
 * Staff-written answers (Markdown, or HTML imported from other systems) as the HTML citizens see:
 * rendered by marked, then reduced by sanitize-html to a small allowlist, so nothing a QA contains can
 * run script, load from a `javascript:` address or restyle the city's page.
 */
import { marked } from 'marked';
import sanitizeHtml from 'sanitize-html';

export interface AnswerHtmlOptions {
  /**
   * Where relative links and images point (the city's homepage): staff write `/kurashi/gomi.html` meaning
   * their own site, while the widget runs on many pages. Without it, relative addresses are dropped.
   */
  baseUrl?: string | undefined;
  /** The size to show beside a linked PDF (e.g. '1.2 MB'), when known. */
  fileSize?: (url: string) => string | undefined;
  /**
   * `--answer-image-hosts`: when not empty, images from other hosts are left out (a QA cannot make citizens'
   * browsers call on a server of its choosing); empty or absent, any http(s) image is shown.
   */
  imageHosts?: ReadonlySet<string>;
}

const PDF_PATH = /\.pdf$/i;

/**
 * @example
 * renderAnswerHtml('詳しくは[案内](/a.pdf)をご覧ください。', { baseUrl: 'https://www.example.jp/' });
 * // '<p>詳しくは<a href="https://www.example.jp/a.pdf" target="_blank" rel="noopener noreferrer" data-file="pdf">案内</a>をご覧ください。</p>'
 */
export function renderAnswerHtml(markdown: string, options: AnswerHtmlOptions = {}): string {
  const html = marked.parse(markdown, { async: false, gfm: true, breaks: true });
  return sanitizeHtml(html, {
    allowedTags: ['p', 'br', 'strong', 'em', 'b', 'i', 'u', 's', 'ul', 'ol', 'li', 'a', 'img', 'h3', 'h4', 'blockquote', 'code', 'hr', 'table', 'thead', 'tbody', 'tr', 'th', 'td'],
    allowedAttributes: {
      a: ['href', 'target', 'rel', 'data-file', 'data-size'],
      img: ['src', 'alt', 'width', 'height'],
      th: ['colspan', 'rowspan'],
      td: ['colspan', 'rowspan'],
    },
    allowedSchemes: ['http', 'https', 'mailto', 'tel'],
    allowedSchemesByTag: { img: ['http', 'https'] },
    allowProtocolRelative: false,
    transformTags: {
      // Headings inside a chat bubble are sub-headings of the answer, never page titles.
      h1: 'h3',
      h2: 'h3',
      h5: 'h4',
      h6: 'h4',
      a: (tagName, attribs) => link(attribs, options),
      img: (tagName, attribs) => ({ tagName, attribs: { ...attribs, src: imageSource(attribs.src, options) ?? '' } }),
    },
    // An image without a usable address would show as a broken icon; a link without one as plain text.
    exclusiveFilter: (frame) => frame.tag === 'img' && !frame.attribs.src,
  });
}

function link(attribs: sanitizeHtml.Attributes, options: AnswerHtmlOptions): sanitizeHtml.Tag {
  const href = absolute(attribs.href, options.baseUrl);
  if (href === undefined) return { tagName: 'a', attribs: {} };
  const isWeb = /^https?:/i.test(href);
  const isPdf = isWeb && PDF_PATH.test(new URL(href).pathname);
  const size = isPdf ? options.fileSize?.(href) : undefined;
  return {
    tagName: 'a',
    attribs: {
      href,
      ...(isWeb ? { target: '_blank', rel: 'noopener noreferrer' } : {}),
      ...(isPdf ? { 'data-file': 'pdf' } : {}),
      ...(size === undefined ? {} : { 'data-size': size }),
    },
  };
}

function imageSource(src: string | undefined, options: AnswerHtmlOptions): string | undefined {
  const address = absolute(src, options.baseUrl);
  if (address === undefined || !options.imageHosts?.size) return address;
  return options.imageHosts.has(new URL(address).hostname) ? address : undefined;
}

/** The address made absolute, or undefined when it is empty or cannot be resolved. Schemes are checked later by the allowlist. */
function absolute(address: string | undefined, baseUrl: string | undefined): string | undefined {
  const trimmed = address?.trim();
  if (!trimmed) return undefined;
  try {
    return new URL(trimmed, baseUrl).href;
  } catch {
    return undefined;
  }
}
