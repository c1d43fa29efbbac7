using System.Net.Http.Headers;

namespace Wharf.Kube.Http;

/// <summary>A request body kept as bytes so the request can be sent again on retry.</summary>
internal readonly record struct RequestBody(byte[] Bytes, string MediaType)
{
    public ByteArrayContent ToContent()
    {
        var content = new ByteArrayContent(Bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue(MediaType);
        return content;
    }
}
