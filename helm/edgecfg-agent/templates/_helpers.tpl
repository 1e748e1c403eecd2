{{- define "edgecfg-agent.name" -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "edgecfg-agent.labels" -}}
app.kubernetes.io/name: edgecfg-agent
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
{{- end -}}

{{- define "edgecfg-agent.selector" -}}
app.kubernetes.io/name: edgecfg-agent
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{- define "edgecfg-agent.serviceAccount" -}}
{{- if .Values.serviceAccount.create -}}
{{ default (include "edgecfg-agent.name" .) .Values.serviceAccount.name }}
{{- else -}}
{{ default "default" .Values.serviceAccount.name }}
{{- end -}}
{{- end -}}

{{/* The agent's configuration file (agent.yaml). */}}
{{- define "edgecfg-agent.config" -}}
{{- if not .Values.profiles -}}
{{- fail "profiles is empty: --set profiles={streams-on} (see `edgecfg profiles`)" -}}
{{- end -}}
profiles:
{{ toYaml .Values.profiles }}
{{- with .Values.params }}
params:
{{ toYaml . | indent 2 }}
{{- end }}
{{- with .Values.paramsFromNodeLabels }}
paramsFromNodeLabels:
{{ toYaml . | indent 2 }}
{{- end }}
{{- with .Values.paramsFromNodeAnnotations }}
paramsFromNodeAnnotations:
{{ toYaml . | indent 2 }}
{{- end }}
{{- with .Values.nodes }}
nodes:
{{ toYaml . | indent 2 }}
{{- end }}
{{- if .Values.force }}
force: true
{{- end }}
{{- end -}}
