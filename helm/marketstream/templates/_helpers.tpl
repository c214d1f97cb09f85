{{/*
Shared helpers. A component is addressed by a context dict: (dict "root" $ "name" "ws-gateway"), where name is the
component's kebab-case name; its values block is the camelCase key (marketstream.key) and its fixed facts (what it
connects to, its shutdown setting) are in marketstream.facts.
*/}}

{{- define "marketstream.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{/* The values key of a component: ws-gateway -> wsGateway. */}}
{{- define "marketstream.key" -}}
{{- camelcase . | untitle -}}
{{- end -}}

{{/* The values block of the component in the context. */}}
{{- define "marketstream.values" -}}
{{- toYaml (index .root.Values (include "marketstream.key" .name)) -}}
{{- end -}}

{{/*
What each service needs, from its application.properties: the infrastructure it talks to and the property bounding
its shutdown (ShutdownBudget). Not values: they follow from the code, not from the installation.
*/}}
{{- define "marketstream.facts" -}}
market-ingest: {redis: false, postgresql: false, jwt: false, kafkaStreams: false, shutdownEnv: INGEST_SHUTDOWN_TIMEOUT}
stream-processor:
  {redis: true, postgresql: true, jwt: true, kafkaStreams: true, shutdownEnv: PROCESSOR_SHUTDOWN_TIMEOUT,
   consumerGroupEnv: QUARKUS_KAFKA_STREAMS_APPLICATION_ID}
event-processor:
  {redis: true, postgresql: true, jwt: true, kafkaStreams: false, shutdownEnv: EVENT_PROCESSOR_SHUTDOWN_TIMEOUT,
   consumerGroupEnv: MP_MESSAGING_CONNECTOR_SMALLRYE_KAFKA_GROUP_ID, streamEnv: EVENT_PROCESSOR_STREAM_KEY,
   streamGroupEnv: EVENT_PROCESSOR_STREAM_GROUP}
ws-gateway:
  {redis: true, postgresql: true, jwt: true, kafkaStreams: false, shutdownEnv: GATEWAY_SHUTDOWN_TIMEOUT,
   websocketTracesEnv: QUARKUS_WEBSOCKETS_NEXT_SERVER_TRACES_ENABLED}
{{- end -}}

{{- define "marketstream.componentName" -}}
{{- printf "%s-%s" (include "marketstream.fullname" .root) .name | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "marketstream.selectorLabels" -}}
app.kubernetes.io/name: {{ .root.Chart.Name }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .name }}
{{- end -}}

{{- define "marketstream.labels" -}}
{{ include "marketstream.selectorLabels" . }}
app.kubernetes.io/version: {{ .root.Chart.AppVersion | quote }}
app.kubernetes.io/part-of: marketstream
app.kubernetes.io/managed-by: {{ .root.Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .root.Chart.Name .root.Chart.Version }}
{{- with .root.Values.global.commonLabels }}
{{ toYaml . }}
{{- end }}
{{- end -}}

{{- define "marketstream.metadata" -}}
name: {{ include "marketstream.componentName" . }}{{ .suffix | default "" }}
namespace: {{ .root.Release.Namespace }}
labels:
  {{- include "marketstream.labels" . | nindent 2 }}
{{- end -}}

{{- define "marketstream.image" -}}
{{- $v := include "marketstream.values" . | fromYaml -}}
{{- $g := .root.Values.global.image -}}
{{- printf "%s/%s:%s" $g.registry $v.image.repository ($v.image.tag | default $g.tag | default .root.Chart.AppVersion) -}}
{{- end -}}

{{/*
terminationGracePeriodSeconds: the preStop sleep, then the service's whole shutdown budget, then 5 s for the JVM or
native process to exit after its last step. Kubernetes kills the pod at this deadline, so it must exceed the budget.
*/}}
{{- define "marketstream.gracePeriod" -}}
{{- $v := include "marketstream.values" . | fromYaml -}}
{{- add $v.preStopSleepSeconds $v.shutdownTimeoutSeconds 5 -}}
{{- end -}}

{{/* The Kafka client environment every service reads (kafka.* via KAFKA_*; Kafka Streams via QUARKUS_KAFKA_STREAMS_*). */}}
{{- define "marketstream.kafkaEnv" -}}
{{- $k := .root.Values.global.kafka -}}
{{- $facts := index (include "marketstream.facts" . | fromYaml) .name -}}
{{- $tls := or (eq $k.securityProtocol "SSL") (eq $k.securityProtocol "SASL_SSL") -}}
{{- $sasl := hasPrefix "SASL_" $k.securityProtocol -}}
- name: KAFKA_BOOTSTRAP_SERVERS
  value: {{ $k.bootstrapServers | quote }}
- name: KAFKA_SECURITY_PROTOCOL
  value: {{ $k.securityProtocol | quote }}
{{- if $tls }}
{{- if not $k.tls.caSecret }}{{ fail "global.kafka.tls.caSecret is required with securityProtocol SSL or SASL_SSL" }}{{ end }}
- name: KAFKA_SSL_TRUSTSTORE_TYPE
  value: PEM
- name: KAFKA_SSL_TRUSTSTORE_LOCATION
  value: /etc/marketstream/kafka-ca/{{ $k.tls.caKey }}
{{- if $facts.kafkaStreams }}
- name: QUARKUS_KAFKA_STREAMS_SSL_TRUSTSTORE_TYPE
  value: PEM
- name: QUARKUS_KAFKA_STREAMS_SSL_TRUSTSTORE_LOCATION
  value: /etc/marketstream/kafka-ca/{{ $k.tls.caKey }}
{{- end }}
{{- end }}
{{- if $sasl }}
{{- if not $k.sasl.secretPrefix }}{{ fail "global.kafka.sasl.secretPrefix is required with securityProtocol SASL_PLAINTEXT or SASL_SSL" }}{{ end }}
- name: KAFKA_SASL_MECHANISM
  value: {{ $k.sasl.mechanism | quote }}
- name: KAFKA_SASL_JAAS_CONFIG
  valueFrom:
    secretKeyRef: {name: {{ printf "%s%s" $k.sasl.secretPrefix .name }}, key: {{ $k.sasl.jaasConfigKey }}}
{{- if $facts.kafkaStreams }}
- name: QUARKUS_KAFKA_STREAMS_SASL_MECHANISM
  value: {{ $k.sasl.mechanism | quote }}
- name: QUARKUS_KAFKA_STREAMS_SASL_JAAS_CONFIG
  valueFrom:
    secretKeyRef: {name: {{ printf "%s%s" $k.sasl.secretPrefix .name }}, key: {{ $k.sasl.jaasConfigKey }}}
{{- end }}
{{- end }}
{{- end -}}

{{/* The environment that follows from the global block and the component's facts. */}}
{{- define "marketstream.env" -}}
{{- $g := .root.Values.global -}}
{{- $v := include "marketstream.values" . | fromYaml -}}
{{- $facts := index (include "marketstream.facts" . | fromYaml) .name -}}
- name: QUARKUS_PROFILE
  value: {{ $g.profile | quote }}
- name: {{ $facts.shutdownEnv }}
  value: {{ printf "%ds" (int $v.shutdownTimeoutSeconds) | quote }}
{{ include "marketstream.kafkaEnv" . }}
{{- /* The names the autoscaler watches are set on the service from the same values, so the two cannot differ. */}}
{{- with $facts.consumerGroupEnv }}
- name: {{ . }}
  value: {{ required (printf "%s.autoscaling.kafkaLag.consumerGroup names the service's consumer group" (include "marketstream.key" $.name)) $v.autoscaling.kafkaLag.consumerGroup | quote }}
{{- end }}
{{- with $facts.streamEnv }}
- name: {{ . }}
  value: {{ required "eventProcessor.autoscaling.redisStreamLag.stream names the service's Redis stream" $v.autoscaling.redisStreamLag.stream | quote }}
- name: {{ $facts.streamGroupEnv }}
  value: {{ required "eventProcessor.autoscaling.redisStreamLag.consumerGroup names the stream's group" $v.autoscaling.redisStreamLag.consumerGroup | quote }}
{{- end }}
{{- if $facts.redis }}
- name: QUARKUS_REDIS_HOSTS
  value: {{ $g.redis.hosts | quote }}
{{- with $g.redis.passwordSecret }}
- name: QUARKUS_REDIS_PASSWORD
  valueFrom:
    secretKeyRef: {name: {{ . }}, key: {{ $g.redis.passwordKey }}}
{{- end }}
{{- end }}
{{- if $facts.postgresql }}
{{- range $var, $key := dict "PG_HOST" "host" "PG_PORT" "port" "PG_DBNAME" "dbname" "QUARKUS_DATASOURCE_USERNAME" "username" "QUARKUS_DATASOURCE_PASSWORD" "password" }}
- name: {{ $var }}
  valueFrom:
    secretKeyRef: {name: {{ $g.postgresql.secret }}, key: {{ $key }}}
{{- end }}
- name: QUARKUS_DATASOURCE_REACTIVE_URL
  value: postgresql://$(PG_HOST):$(PG_PORT)/$(PG_DBNAME)
- name: QUARKUS_DATASOURCE_JDBC_URL
  value: jdbc:postgresql://$(PG_HOST):$(PG_PORT)/$(PG_DBNAME)
{{- end }}
{{- if $facts.jwt }}
- name: MP_JWT_VERIFY_PUBLICKEY_LOCATION
  value: {{ $g.jwt.jwksUrl | default (printf "file:/etc/marketstream/jwt/%s" $g.jwt.publicKeyKey) | quote }}
- name: MP_JWT_VERIFY_ISSUER
  value: {{ $g.jwt.issuer | quote }}
- name: MP_JWT_VERIFY_AUDIENCES
  value: {{ $g.jwt.audiences | quote }}
{{- end }}
{{- with $g.otlp.endpoint }}
- name: QUARKUS_OTEL_SDK_DISABLED
  value: "false"
- name: QUARKUS_OTEL_EXPORTER_OTLP_ENDPOINT
  value: {{ . | quote }}
- name: QUARKUS_OTEL_TRACES_SAMPLER_ARG
  value: {{ $g.otlp.samplerRatio | quote }}
{{- with $facts.websocketTracesEnv }}
- name: {{ . }}
  value: "true"
{{- end }}
{{- end }}
{{- range $name, $value := $v.env }}
- name: {{ $name }}
  value: {{ $value | quote }}
{{- end }}
{{- range $name, $ref := $v.secretEnv }}
- name: {{ $name }}
  valueFrom:
    secretKeyRef: {name: {{ $ref.secret }}, key: {{ $ref.key }}}
{{- end }}
{{- end -}}

{{/* Volumes: a writable /tmp (the root file system is read-only), the JWT key and the Kafka CA when used. */}}
{{- define "marketstream.volumes" -}}
{{- $g := .root.Values.global -}}
{{- $v := include "marketstream.values" . | fromYaml -}}
{{- $facts := index (include "marketstream.facts" . | fromYaml) .name -}}
- name: tmp
  emptyDir: {sizeLimit: {{ $v.tmpSizeLimit }}}
{{- if and $facts.jwt (not $g.jwt.jwksUrl) }}
- name: jwt
  secret: {secretName: {{ $g.jwt.publicKeySecret }}}
{{- end }}
{{- if $g.kafka.tls.caSecret }}
- name: kafka-ca
  secret: {secretName: {{ $g.kafka.tls.caSecret }}}
{{- end }}
{{- end -}}

{{- define "marketstream.volumeMounts" -}}
{{- $g := .root.Values.global -}}
{{- $facts := index (include "marketstream.facts" . | fromYaml) .name -}}
- {name: tmp, mountPath: /tmp}
{{- if and $facts.jwt (not $g.jwt.jwksUrl) }}
- {name: jwt, mountPath: /etc/marketstream/jwt, readOnly: true}
{{- end }}
{{- if $g.kafka.tls.caSecret }}
- {name: kafka-ca, mountPath: /etc/marketstream/kafka-ca, readOnly: true}
{{- end }}
{{- end -}}

{{/* Spread rules with the component's selector filled in where the values leave it out. */}}
{{- define "marketstream.topologySpread" -}}
{{- $v := include "marketstream.values" . | fromYaml -}}
{{- $selector := include "marketstream.selectorLabels" . | fromYaml -}}
{{- $rules := list -}}
{{- range $v.topologySpreadConstraints -}}
{{- $rules = append $rules (merge (deepCopy .) (dict "labelSelector" (dict "matchLabels" $selector))) -}}
{{- end -}}
{{- toYaml $rules -}}
{{- end -}}

{{/*
A PDB that forbids every eviction blocks node drains for good: replicas (or the autoscaler's minimum) must exceed
minAvailable. Checked at render time.
*/}}
{{- define "marketstream.checkDisruptionBudget" -}}
{{- $v := include "marketstream.values" . | fromYaml -}}
{{- if $v.podDisruptionBudget.enabled -}}
{{- $least := ternary $v.autoscaling.minReplicas $v.replicas $v.autoscaling.enabled -}}
{{- if le (int $least) (int $v.podDisruptionBudget.minAvailable) -}}
{{- fail (printf "%s: %s (%d) must exceed podDisruptionBudget.minAvailable (%d), or no pod could ever be evicted" (include "marketstream.key" .name) (ternary "autoscaling.minReplicas" "replicas" $v.autoscaling.enabled) (int $least) (int $v.podDisruptionBudget.minAvailable)) -}}
{{- end -}}
{{- end -}}
{{- end -}}
