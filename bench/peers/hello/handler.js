// The hello-world handler every HTTP benchmark serves: serverless-offline (serverless.yml here),
// Nimbus (zipped by bench/lib/hello-function.ts) and the bare forwarder (bench/lib/bare-forwarder.ts).
"use strict";

exports.hello = async () => ({
  statusCode: 200,
  headers: { "content-type": "text/plain" },
  body: "hello world",
});
