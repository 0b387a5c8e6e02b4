using System.Text.Encodings.Web;

namespace Realtime.Edge.Demo;

/// <summary>A one-page echo client that proves the edge works from a browser.</summary>
internal static class DemoPage
{
    public static string Render(string sockJsClientUrl) => $$"""
        <!DOCTYPE html>
        <html lang="en">
        <head>
          <meta charset="utf-8" />
          <title>Realtime.Orleans edge</title>
          <script src="{{HtmlEncoder.Default.Encode(sockJsClientUrl)}}"></script>
          <style>
            body { font: 15px system-ui, sans-serif; margin: 2rem auto; max-width: 40rem; }
            #log { border: 1px solid #ccc; height: 16rem; overflow: auto; padding: .5rem; white-space: pre-wrap; }
            input { width: 75%; }
          </style>
        </head>
        <body>
          <h1>Realtime.Orleans edge</h1>
          <p>Messages below make a round trip through the SockJS echo service at <code>/demo</code>.
             Transport: <b id="transport">connecting…</b></p>
          <div id="log"></div>
          <form id="form"><input id="text" autocomplete="off" value="Hello, edge!" /> <button>Send</button></form>
          <script>
            const log = (line) => { const el = document.getElementById('log'); el.textContent += line + '\n'; el.scrollTop = el.scrollHeight; };
            const sock = new SockJS(location.origin + '/demo');
            sock.onopen = () => { document.getElementById('transport').textContent = sock.transport; log('open'); };
            sock.onmessage = (e) => log('echo: ' + e.data);
            sock.onclose = (e) => log('closed ' + e.code + ' ' + e.reason);
            document.getElementById('form').onsubmit = (e) => {
              e.preventDefault();
              const text = document.getElementById('text');
              sock.send(text.value);
              log('sent: ' + text.value);
              text.value = '';
            };
          </script>
        </body>
        </html>
        """;
}
