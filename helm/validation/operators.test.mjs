// Validates every resource of k8s-operators/ (Strimzi against its generated CRDs, CloudNativePG, Prometheus Operator
// and core kinds with kubernetes-models) and checks the settings the platform depends on.
import { fileURLToPath } from "node:url";
import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join, basename } from "node:path";
import { parseAllDocuments } from "yaml";
import { validate } from "./validators.mjs";

const OPERATORS = join(fileURLToPath(new URL(".", import.meta.url)), "../../k8s-operators");

const load = (file) => parseAllDocuments(readFileSync(file, "utf8")).map((doc) => doc.toJS()).filter((o) => o !== null);
const environment = (env) => readdirSync(join(OPERATORS, env)).filter((f) => f.endsWith(".yaml")).sort()
  .flatMap((f) => load(join(OPERATORS, env, f)));

for (const env of ["dev", "prod"]) {
  for (const file of readdirSync(join(OPERATORS, env)).filter((f) => f.endsWith(".yaml")).sort()) {
    test(`every resource of k8s-operators/${env}/${file} is valid for its kind`, () => {
      const objects = load(join(OPERATORS, env, file));
      assert.ok(objects.length > 0, `${file} holds no resources`);
      objects.forEach(validate);
    });
  }
}

const find = (objects, kind, name) => objects.find((o) => o.kind === kind && (!name || o.metadata.name === name));

test("dev runs one KRaft node; prod 3 controllers and 3 brokers with min.insync.replicas=2", () => {
  const dev = environment("dev");
  const devPools = dev.filter((o) => o.kind === "KafkaNodePool");
  assert.deepEqual(devPools.map((p) => [p.spec.replicas, p.spec.roles.sort().join(",")]), [[1, "broker,controller"]]);
  const prod = environment("prod");
  const roles = Object.fromEntries(prod.filter((o) => o.kind === "KafkaNodePool").map((p) => [p.spec.roles.join(","), p.spec.replicas]));
  assert.deepEqual(roles, { controller: 3, broker: 3 });
  const config = find(prod, "Kafka").spec.kafka.config;
  assert.equal(config["min.insync.replicas"], 2);
  assert.equal(config["transaction.state.log.replication.factor"], 3);
  assert.equal(config["transaction.state.log.min.isr"], 2);
});

test("PostgreSQL: dev 1 instance, prod 3, with the services' database and owner", () => {
  for (const [env, instances] of [["dev", 1], ["prod", 3]]) {
    const cluster = find(environment(env), "Cluster", "marketstream-pg");
    assert.equal(cluster.spec.instances, instances, env);
    assert.deepEqual(cluster.spec.bootstrap.initdb, { database: "marketstream", owner: "marketstream" }, env);
    assert.ok(find(environment(env), "PodMonitor", "marketstream-pg"), `${env} PodMonitor`);
  }
});

test("Redis keeps an append-only file, so accepted user events survive a restart", () => {
  for (const env of ["dev", "prod"]) {
    const conf = find(environment(env), "ConfigMap", "marketstream-redis").data["redis.conf"];
    assert.match(conf, /^appendonly yes$/m, env);
  }
});

test("prod has a KafkaUser for every component the chart reads a Secret for", () => {
  const users = environment("prod").filter((o) => o.kind === "KafkaUser").map((u) => u.metadata.name);
  for (const component of ["market-ingest", "stream-processor", "event-processor", "ws-gateway", "keda"]) {
    assert.ok(users.includes(`marketstream-${component}`), `no KafkaUser marketstream-${component}: ${users}`);
  }
});
