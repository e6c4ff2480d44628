// web/js/build-id.js: where the site is, seen from a module's own address.
import { test } from "node:test";
import assert from "node:assert/strict";
import { siteOf } from "../../web/js/build-id.js";

test("served from a site, the site is the folder above js/", () => {
  assert.equal(siteOf("https://host/lab/js/build-id.js", "https://course.example/unit.html"), "https://host/lab/");
});

test("loaded from a blob: URL (a notebook), the page's origin stands in", () => {
  assert.equal(siteOf("blob:http://127.0.0.1:8888/5d0c-11aa", "http://127.0.0.1:8888/lab/tree/a.ipynb"),
    "http://127.0.0.1:8888/");
});
