// kubeedge-decode reads YAML the way KubeEdge v1.23.1 does (sigs.k8s.io/yaml: go-yaml v2, YAML
// 1.1, then encoding/json) and prints what it decoded as JSON, so edgecfg's tests can check
// their output against the real library instead of a re-implementation.
//
//	kubeedge-decode -mode untyped FILE   # every document into interface{} (YAML 1.1 resolution)
//	kubeedge-decode -mode edgecore FILE  # into typed structs with KubeEdge's json tags
//	kubeedge-decode -mode cloudcore FILE
//
// A typed decode error (a quoted boolean, a string in a port) exits 1 with the error.
// Build (Debian packages golang-go, golang-k8s-sigs-yaml-dev): see tools/build-kubeedge-decode.sh.
package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"io/ioutil"
	"os"
	"strings"

	"sigs.k8s.io/yaml"
)

// The subset of EdgeCore v1alpha2 (edgecore.config.kubeedge.io) that edgecfg's profiles touch,
// with the exact json tags and Go types of KubeEdge's types.go.
type EdgeCore struct {
	APIVersion string          `json:"apiVersion,omitempty"`
	Kind       string          `json:"kind,omitempty"`
	Modules    *EdgeModules    `json:"modules,omitempty"`
	Features   map[string]bool `json:"featureGates,omitempty"`
}

type EdgeModules struct {
	Edged       *Edged       `json:"edged,omitempty"`
	EdgeHub     *EdgeHub     `json:"edgeHub,omitempty"`
	EdgeStream  *EdgeStream  `json:"edgeStream,omitempty"`
	MetaManager *MetaManager `json:"metaManager,omitempty"`
	EventBus    *EventBus    `json:"eventBus,omitempty"`
}

type Edged struct {
	Enable                bool                   `json:"enable"`
	HostnameOverride      string                 `json:"hostnameOverride,omitempty"`
	TailoredKubeletConfig *TailoredKubeletConfig `json:"tailoredKubeletConfig,omitempty"`
}

type TailoredKubeletConfig struct {
	Address       string   `json:"address,omitempty"`
	ReadOnlyPort  int32    `json:"readOnlyPort,omitempty"`
	ClusterDNS    []string `json:"clusterDNS,omitempty"`
	ClusterDomain string   `json:"clusterDomain,omitempty"`
	CgroupDriver  string   `json:"cgroupDriver,omitempty"`
}

type EdgeHub struct {
	Enable            bool       `json:"enable"`
	Heartbeat         int32      `json:"heartbeat,omitempty"`
	TLSCAFile         string     `json:"tlsCaFile,omitempty"`
	TLSCertFile       string     `json:"tlsCertFile,omitempty"`
	TLSPrivateKeyFile string     `json:"tlsPrivateKeyFile,omitempty"`
	ProjectID         string     `json:"projectID,omitempty"`
	WebSocket         *Transport `json:"websocket,omitempty"`
	Quic              *Transport `json:"quic,omitempty"`
}

type Transport struct {
	Enable bool   `json:"enable"`
	Server string `json:"server,omitempty"`
}

type EdgeStream struct {
	Enable                  bool   `json:"enable"`
	Server                  string `json:"server,omitempty"`
	TLSTunnelCAFile         string `json:"tlsTunnelCAFile,omitempty"`
	TLSTunnelCertFile       string `json:"tlsTunnelCertFile,omitempty"`
	TLSTunnelPrivateKeyFile string `json:"tlsTunnelPrivateKeyFile,omitempty"`
	HandshakeTimeout        int32  `json:"handshakeTimeout,omitempty"`
	ReadDeadline            int32  `json:"readDeadline,omitempty"`
	WriteDeadline           int32  `json:"writeDeadline,omitempty"`
}

type MetaManager struct {
	Enable     bool        `json:"enable"`
	MetaServer *MetaServer `json:"metaServer,omitempty"`
}

type MetaServer struct {
	Enable bool   `json:"enable"`
	Server string `json:"server"`
}

type EventBus struct {
	Enable   bool  `json:"enable"`
	MqttMode uint8 `json:"mqttMode"`
}

// The subset of CloudCore v1alpha1 (cloudcore.config.kubeedge.io) that the profiles touch.
type CloudCore struct {
	APIVersion   string          `json:"apiVersion,omitempty"`
	Kind         string          `json:"kind,omitempty"`
	CommonConfig *CommonConfig   `json:"commonConfig,omitempty"`
	Modules      *CloudModules   `json:"modules,omitempty"`
	Features     map[string]bool `json:"featureGates,omitempty"`
}

type CommonConfig struct {
	TunnelPort    int            `json:"tunnelPort,omitempty"`
	MonitorServer *MonitorServer `json:"monitorServer,omitempty"`
}

type MonitorServer struct {
	BindAddress string `json:"bindAddress,omitempty"`
}

type CloudModules struct {
	CloudHub          *CloudHub          `json:"cloudHub,omitempty"`
	CloudStream       *CloudStream       `json:"cloudStream,omitempty"`
	DynamicController *Enabled           `json:"dynamicController,omitempty"`
	IptablesManager   *IptablesManager   `json:"iptablesManager,omitempty"`
}

type CloudHub struct {
	Enable           bool     `json:"enable"`
	AdvertiseAddress []string `json:"advertiseAddress,omitempty"`
	NodeLimit        int32    `json:"nodeLimit,omitempty"`
}

type CloudStream struct {
	Enable     bool   `json:"enable"`
	TunnelPort uint32 `json:"tunnelPort,omitempty"`
	StreamPort uint32 `json:"streamPort,omitempty"`
}

type Enabled struct {
	Enable bool `json:"enable"`
}

type IptablesManager struct {
	Enable bool   `json:"enable"`
	Mode   string `json:"mode,omitempty"`
}

// splitDocs splits a stream at column-0 `---` lines, as Helm does.
func splitDocs(data []byte) [][]byte {
	var docs [][]byte
	var cur bytes.Buffer
	for _, line := range strings.SplitAfter(string(data), "\n") {
		if strings.HasPrefix(line, "---") && strings.TrimSpace(strings.SplitN(line, "#", 2)[0]) == "---" {
			docs = append(docs, append([]byte(nil), cur.Bytes()...))
			cur.Reset()
			continue
		}
		cur.WriteString(line)
	}
	docs = append(docs, cur.Bytes())
	return docs
}

func main() {
	mode := flag.String("mode", "untyped", "untyped | edgecore | cloudcore")
	flag.Parse()
	if flag.NArg() != 1 {
		fmt.Fprintln(os.Stderr, "usage: kubeedge-decode -mode untyped|edgecore|cloudcore FILE")
		os.Exit(2)
	}
	data, err := ioutil.ReadFile(flag.Arg(0))
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	var out interface{}
	switch *mode {
	case "untyped":
		var all []interface{}
		for _, d := range splitDocs(data) {
			if len(bytes.TrimSpace(d)) == 0 {
				continue
			}
			var v interface{}
			if err := yaml.Unmarshal(d, &v); err != nil {
				fmt.Fprintln(os.Stderr, err)
				os.Exit(1)
			}
			all = append(all, v)
		}
		out = all
	case "edgecore":
		var c EdgeCore
		if err := yaml.Unmarshal(data, &c); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		out = c
	case "cloudcore":
		var c CloudCore
		if err := yaml.Unmarshal(data, &c); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		out = c
	default:
		fmt.Fprintln(os.Stderr, "unknown mode", *mode)
		os.Exit(2)
	}
	enc := json.NewEncoder(os.Stdout)
	enc.SetIndent("", "  ")
	if err := enc.Encode(out); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
