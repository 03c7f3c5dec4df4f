// HTML from data: escaped by construction, links http(s) only, JSON-LD that no value can end.
import { expect } from 'chai';
import fc from 'fast-check';
import { escapeHtml, html, jsonLd, safeUrl } from '../../../core/pages/html.ts';

describe('HTML made from data (core/pages/html.ts)', () => {
  it('escapes every value as text, and keeps markup made by a template', () => {
    const name = `<b>"Ana" & 'Bo'</b>`;
    const inner = html`<em>${name}</em>`;
    expect(
      html`<p title="${name}">${inner}${null}${undefined}${false}${[1, 'x<']}</p>`.toString(),
    ).to.equal(
      '<p title="&lt;b&gt;&quot;Ana&quot; &amp; &#39;Bo&#39;&lt;/b&gt;"><em>&lt;b&gt;&quot;Ana&quot; &amp; &#39;Bo&#39;&lt;/b&gt;</em>1x&lt;</p>',
    );
  });

  it('never lets a value open a tag or leave a quoted attribute', () => {
    fc.assert(
      fc.property(fc.string(), (value) => {
        const out = escapeHtml(value);
        expect(out).to.not.match(/[<>"']/);
      }),
    );
  });

  it('links http(s) URLs and root paths only', () => {
    expect(safeUrl('https://ana.example/work')).to.equal('https://ana.example/work');
    expect(safeUrl('/img/ana/1/640.webp')).to.equal('/img/ana/1/640.webp');
    for (const bad of [
      '/\\evil.example/x',
      '/\t/evil.example',
      '/a b',
      '\u0000/x',
      'javascript:alert(1)',
      'JaVaScRiPt:alert(1)',
      'data:text/html,x',
      '//evil.example/x',
      'not a url',
      '',
    ])
      expect(safeUrl(bad), bad).to.equal(undefined);
  });

  it('writes JSON-LD that a </script> or <!-- in a value cannot end, and parses back to the data', () => {
    fc.assert(
      fc.property(fc.string(), (caption) => {
        const data = { caption: `${caption}</script><!--\u2028` };
        const block = jsonLd(data).toString();
        const body = block.slice('<script type="application/ld+json">'.length, -'</script>'.length);
        expect(body).to.not.match(/[<>]/);
        expect(JSON.parse(body)).to.deep.equal(data);
      }),
    );
  });
});
