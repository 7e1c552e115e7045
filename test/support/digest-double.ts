import type { DigestRenderer } from '../../shared/reports/delivery-ports.js';
import type { Digest, DigestRequest } from '../../shared/reports/digest.js';

// A 1×1 transparent PNG: enough for MIME and content-type checks.
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);

/** A stand-in for the content side's gatherDigest + renderDigest: the contract's shape, fixed content. */
export const fakeRenderer = (options: { empty?: boolean } = {}) => {
  const requests: DigestRequest[] = [];
  const render: DigestRenderer = async (request) => {
    requests.push(request);
    const ja = request.language === 'ja';
    const digest: Digest = {
      subject: ja ? `Koe 週次レポート ${request.period.key}：お客様の声` : `Koe digest ${request.period.key}`,
      html: `<html><body><h1>${ja ? '顧客の声' : 'Voice of the customer'}</h1><img src="cid:trend-nps@koe" alt="NPS"><img src="cid:topics@koe" alt="topics"></body></html>`,
      text: ja ? '顧客の声：NPS 12（+3）' : 'Voice of the customer: NPS 12 (+3)',
      images: [
        { cid: 'trend-nps@koe', filename: 'nps.png', contentType: 'image/png', content: PNG },
        { cid: 'topics@koe', filename: 'topics.png', contentType: 'image/png', content: PNG },
      ],
      empty: options.empty ?? false,
    };
    return digest;
  };
  return { render, requests };
};
