{{- define "wharf.fullname" -}}
{{- printf "%s-operator" .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "wharf.labels" -}}
app.kubernetes.io/name: wharf-operator
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/part-of: wharf
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
{{- end -}}

{{- define "wharf.selectorLabels" -}}
app.kubernetes.io/name: wharf-operator
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{- define "wharf.registrySecret" -}}
{{- if .Values.registry.credentials.existingSecret -}}
{{ .Values.registry.credentials.existingSecret }}
{{- else if .Values.registry.credentials.create -}}
{{ printf "%s-registry" (include "wharf.fullname" .) }}
{{- end -}}
{{- end -}}

{{- define "wharf.ingress.fullname" -}}
{{- printf "%s-ingress" .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "wharf.ingress.labels" -}}
app.kubernetes.io/name: wharf-ingress
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/part-of: wharf
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
{{- end -}}

{{- define "wharf.ingress.selectorLabels" -}}
app.kubernetes.io/name: wharf-ingress
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}
