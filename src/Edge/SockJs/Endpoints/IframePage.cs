using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;

namespace Realtime.Edge.SockJs.Endpoints;

/// <summary>The iframe bootstrap page, rendered once per service with its ETag.</summary>
internal sealed class IframePage
{
    public IframePage(string sockJsUrl)
    {
        var html = $$"""
            <!DOCTYPE html>
            <html>
            <head>
              <meta http-equiv="X-UA-Compatible" content="IE=edge" />
              <meta http-equiv="Content-Type" content="text/html; charset=UTF-8" />
              <script src="{{HtmlEncoder.Default.Encode(sockJsUrl)}}"></script>
              <script>
                document.domain = document.domain;
                SockJS.bootstrap_iframe();
              </script>
            </head>
            <body>
              <h2>Don't panic!</h2>
              <p>This is a SockJS hidden iframe. It's used for cross domain magic.</p>
            </body>
            </html>
            """;
        Body = Encoding.UTF8.GetBytes(html);
        ETag = "\"" + Convert.ToHexStringLower(MD5.HashData(Body)) + "\"";
    }

    public byte[] Body { get; }

    public string ETag { get; }
}
