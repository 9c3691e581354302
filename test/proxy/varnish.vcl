vcl 4.1;
# A CDN stand-in for the integration test: caches by the origin's Cache-Control (s-maxage),
# keeps expired objects for conditional revalidation, and purges by the Surrogate-Key tags.
import xkey;

acl purgers { "127.0.0.1"; }

backend origin {
  .host = "127.0.0.1";
  .port = "ORIGIN_PORT";
}

sub vcl_recv {
  if (req.method == "PURGE") {
    if (client.ip !~ purgers) { return (synth(403, "Forbidden")); }
    if (req.http.xkey-purge) {
      set req.http.n-gone = xkey.purge(req.http.xkey-purge);
      return (synth(200, "Purged " + req.http.n-gone));
    }
    return (purge);
  }
}

sub vcl_backend_response {
  if (beresp.http.Surrogate-Key) { set beresp.http.xkey = beresp.http.Surrogate-Key; }
  # Keep expired objects so the next fetch can be conditional (If-None-Match / If-Modified-Since).
  set beresp.keep = 1h;
}

sub vcl_deliver {
  if (obj.hits > 0) { set resp.http.X-Cache = "HIT"; } else { set resp.http.X-Cache = "MISS"; }
  unset resp.http.xkey;
}
