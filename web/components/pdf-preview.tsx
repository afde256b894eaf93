/** A document's PDF, shown in a frame with its download link; fetched with the bearer token. */
import { createResource, onCleanup, Show } from 'solid-js';
import { t } from '../i18n';
import { type CarnetDocument, fetchPdf } from '../lib/api';
import { ErrorBox, Loading } from './status';

export function PdfPreview(props: { document: CarnetDocument }) {
  let current: string | undefined;
  const [pdf] = createResource(
    // A string, so that the same document read again (same version) is not fetched and shown anew.
    () => `${props.document.clientId}/${props.document.id}/${props.document.version}`,
    async (key) => {
      const [clientId = '', documentId = ''] = key.split('/');
      const url = URL.createObjectURL(await fetchPdf(clientId, documentId));
      if (current) URL.revokeObjectURL(current);
      current = url;
      return url;
    },
  );
  onCleanup(() => {
    if (current) URL.revokeObjectURL(current);
  });
  return (
    <section class="pdf">
      <Show when={!pdf.error} fallback={<ErrorBox error={pdf.error} />}>
        <Show when={pdf.latest} fallback={<Loading label={t('report.pdfLoading')} />}>
          {(url) => (
            <>
              <iframe
                class="pdf__frame"
                src={url()}
                title={t('report.pdf', { number: props.document.number ?? t('document.status.draft') })}
              />
              <a class="button button--small" href={url()} download={`${props.document.number ?? 'brouillon'}.pdf`}>
                {t('report.downloadPdf')}
              </a>
            </>
          )}
        </Show>
      </Show>
    </section>
  );
}
