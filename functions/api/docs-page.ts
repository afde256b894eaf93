/**
 * `/api/docs`: a self-contained reference page (no CDN: it also works offline) that reads the
 * OpenAPI document and lists every operation with its parameters, body and answers.
 */
export function docsPage(specUrl: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>Carnet API reference</title>
<style>
body{font:15px/1.5 system-ui,sans-serif;margin:0 auto;max-width:60rem;padding:1rem;color:#1b1f24}
h1{font-size:1.6rem}h2{font-size:1.1rem;margin:1.5rem 0 .3rem}
.op{border:1px solid #d0d7de;border-radius:6px;margin:.5rem 0;padding:.2rem .8rem}
.m{display:inline-block;min-width:4.5rem;font-weight:700;text-transform:uppercase}
.get{color:#0969da}.post{color:#1a7f37}.patch,.put{color:#9a6700}.delete{color:#cf222e}
code,pre{font-family:ui-monospace,monospace;font-size:13px}pre{background:#f6f8fa;padding:.6rem;overflow:auto;max-height:24rem}
summary{cursor:pointer}
</style></head><body>
<h1>Carnet API reference</h1>
<p>Base path <code>/api/v1</code>; <code>Authorization: Bearer &lt;Cognito token | ck_… API key&gt;</code>. Errors are RFC 9457 problem+json. The machine-readable document: <a href="${specUrl}">${specUrl}</a>.</p>
<div id="ops">Loading…</div>
<script>
fetch(${JSON.stringify(specUrl)}).then(r=>r.json()).then(spec=>{
  const root=document.getElementById('ops');root.textContent='';
  const esc=s=>String(s).replace(/[&<>]/g,c=>({'&':'&amp;','<':'&lt;','>':'&gt;'})[c]);
  for(const [path,item] of Object.entries(spec.paths||{})){
    for(const [method,op] of Object.entries(item)){
      const d=document.createElement('details');d.className='op';
      const body=op.requestBody?.content?.['application/json']?.schema;
      const params=(op.parameters||[]).map(p=>'<li><code>'+esc(p.name)+'</code> ('+esc(p.in)+(p.required?', required':'')+')</li>').join('');
      const answers=Object.entries(op.responses||{}).map(([s,r])=>'<li><code>'+s+'</code> '+esc(r.description||'')+'</li>').join('');
      d.innerHTML='<summary><span class="m '+method+'">'+method+'</span><code>'+esc(path)+'</code> — '+esc(op.summary||'')+'</summary>'+
        (params?'<h2>Parameters</h2><ul>'+params+'</ul>':'')+
        (body?'<h2>Body</h2><pre>'+esc(JSON.stringify(body,null,2))+'</pre>':'')+
        '<h2>Answers</h2><ul>'+answers+'</ul>';
      root.appendChild(d);
    }
  }
}).catch(e=>{document.getElementById('ops').textContent='Could not load the API document: '+e});
</script></body></html>`;
}
