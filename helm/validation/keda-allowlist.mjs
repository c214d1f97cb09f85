// The keys KEDA (2.11 and later) reads in a ScaledObject and TriggerAuthentication, and per trigger type the metadata
// keys of its scaler (keda.sh/docs/<version>/scalers: apache-kafka, redis-streams, prometheus, cpu, memory). KEDA ignores
// any other key, so a typo (`spec.maxReplicas`, `lagTreshold`) leaves a default in force without a word: here it fails.

const SCALED_OBJECT_SPEC = ["scaleTargetRef", "pollingInterval", "cooldownPeriod", "initialCooldownPeriod", "idleReplicaCount",
  "minReplicaCount", "maxReplicaCount", "fallback", "advanced", "triggers"];
const SCALE_TARGET_REF = ["apiVersion", "kind", "name", "envSourceContainerName"];
const ADVANCED = ["restoreToOriginalReplicaCount", "horizontalPodAutoscalerConfig", "scalingModifiers"];
const HPA_CONFIG = ["name", "behavior"];
const TRIGGER = ["type", "name", "metadata", "authenticationRef", "metricType", "useCachedMetrics"];
const AUTHENTICATION_REF = ["name", "kind"];

const TRIGGER_METADATA = {
  kafka: ["bootstrapServers", "consumerGroup", "topic", "lagThreshold", "activationLagThreshold", "offsetResetPolicy",
    "allowIdleConsumers", "scaleToZeroOnInvalidOffset", "excludePersistentLag", "limitToPartitionsWithLag",
    "partitionLimitation", "version", "sasl", "tls", "unsafeSsl", "saslTokenProvider", "awsRegion",
    "bootstrapServersFromEnv", "consumerGroupFromEnv", "topicFromEnv"],
  "redis-streams": ["address", "addressFromEnv", "host", "hostFromEnv", "port", "portFromEnv", "usernameFromEnv",
    "passwordFromEnv", "stream", "consumerGroup", "pendingEntriesCount", "streamLength", "lagCount",
    "activationLagCount", "databaseIndex", "enableTLS", "unsafeSsl"],
  prometheus: ["serverAddress", "query", "threshold", "activationThreshold", "namespace", "customHeaders",
    "ignoreNullValues", "queryParameters", "unsafeSsl", "timeout"],
  cpu: ["type", "value", "containerName"],
  memory: ["type", "value", "containerName"],
};

const TRIGGER_AUTHENTICATION_SPEC = ["secretTargetRef", "env", "hashiCorpVault", "azureKeyVault", "podIdentity",
  "configMapTargetRef", "gcpSecretManager", "awsSecretManager", "boundServiceAccountToken"];
const SECRET_TARGET_REF = ["parameter", "name", "key"];

function unknownKeys(object, allowed, path) {
  if (object === null || typeof object !== "object") {
    return [];
  }
  return Object.keys(object).filter((key) => !allowed.includes(key)).map((key) => `unknown key ${path}.${key}`);
}

export function checkScaledObjectKeys(object) {
  const spec = object.spec ?? {};
  const problems = [
    ...unknownKeys(spec, SCALED_OBJECT_SPEC, "spec"),
    ...unknownKeys(spec.scaleTargetRef, SCALE_TARGET_REF, "spec.scaleTargetRef"),
    ...unknownKeys(spec.advanced, ADVANCED, "spec.advanced"),
    ...unknownKeys(spec.advanced?.horizontalPodAutoscalerConfig, HPA_CONFIG, "spec.advanced.horizontalPodAutoscalerConfig"),
  ];
  (spec.triggers ?? []).forEach((trigger, i) => {
    const path = `spec.triggers[${i}]`;
    problems.push(...unknownKeys(trigger, TRIGGER, path));
    problems.push(...unknownKeys(trigger.authenticationRef, AUTHENTICATION_REF, `${path}.authenticationRef`));
    const allowed = TRIGGER_METADATA[trigger.type];
    if (!allowed) {
      problems.push(`${path}.type "${trigger.type}" has no metadata allowlist (add it to keda-allowlist.mjs)`);
    } else {
      problems.push(...unknownKeys(trigger.metadata, allowed, `${path}.metadata`));
    }
  });
  return problems;
}

export function checkTriggerAuthenticationKeys(object) {
  const spec = object.spec ?? {};
  const problems = unknownKeys(spec, TRIGGER_AUTHENTICATION_SPEC, "spec");
  (spec.secretTargetRef ?? []).forEach((ref, i) => {
    problems.push(...unknownKeys(ref, SECRET_TARGET_REF, `spec.secretTargetRef[${i}]`));
  });
  return problems;
}
