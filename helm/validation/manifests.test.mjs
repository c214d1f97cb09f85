// Validates every object of the chart's golden renders (which ChartRenderTest keeps equal to fresh `helm template`
// output) against the schema of its kind, and proves each validator can fail: every kind has a deliberately broken
// manifest in broken/ whose first line names a part of the error it must raise.
import { fileURLToPath } from "node:url";
import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join, basename } from "node:path";
import { parseAllDocuments } from "yaml";
import { kinds, validate } from "./validators.mjs";

const HERE = fileURLToPath(new URL(".", import.meta.url));
const GOLDEN = join(HERE, "../marketstream/tests/golden");
const BROKEN = join(HERE, "broken");

function objects(file) {
  return parseAllDocuments(readFileSync(file, "utf8"))
    .map((doc) => {
      if (doc.errors.length > 0) {
        throw new Error(`${basename(file)}: ${doc.errors.map((e) => e.message).join("; ")}`);
      }
      return doc.toJS();
    })
    .filter((object) => object !== null);
}

const yamlFiles = (dir) => readdirSync(dir).filter((f) => f.endsWith(".yaml")).sort().map((f) => join(dir, f));

test("the dev and prod presets have golden renders", () => {
  const names = yamlFiles(GOLDEN).map((f) => basename(f));
  assert.ok(names.includes("dev.yaml") && names.includes("prod.yaml"), `golden renders: ${names}`);
});

for (const file of yamlFiles(GOLDEN)) {
  test(`every object of ${basename(file)} is valid for its kind`, () => {
    const found = objects(file).map((object) => validate(object));
    assert.ok(found.length > 0, `${basename(file)} holds no objects`);
  });
}

test("the prod render has the KEDA, Gateway API and Prometheus Operator objects", () => {
  const found = new Set(objects(join(GOLDEN, "prod.yaml")).map((o) => `${o.apiVersion}/${o.kind}`));
  for (const kind of ["keda.sh/v1alpha1/ScaledObject", "keda.sh/v1alpha1/TriggerAuthentication",
    "gateway.networking.k8s.io/v1/HTTPRoute", "monitoring.coreos.com/v1/ServiceMonitor", "monitoring.coreos.com/v1/PrometheusRule",
    "policy/v1/PodDisruptionBudget"]) {
    assert.ok(found.has(kind), `prod render lacks ${kind}`);
  }
});

for (const file of yamlFiles(BROKEN)) {
  test(`broken/${basename(file)} is refused`, () => {
    const expect = readFileSync(file, "utf8").split("\n")[0].replace(/^# expect: /, "");
    assert.notEqual(expect, "", `${basename(file)} must start with "# expect: <part of the error>"`);
    const [object] = objects(file);
    assert.throws(() => validate(object), (error) => {
      assert.ok(error.message.includes(expect), `expected an error containing "${expect}", got: ${error.message}`);
      return true;
    });
  });
}

test("every validator has a broken manifest proving it can fail", () => {
  const covered = new Set(yamlFiles(BROKEN).map((file) => {
    const [object] = objects(file);
    return `${object.apiVersion}/${object.kind}`;
  }));
  const uncovered = kinds().filter((kind) => !covered.has(kind));
  assert.deepEqual(uncovered, [], `kinds without a broken manifest in broken/: ${uncovered}`);
});
