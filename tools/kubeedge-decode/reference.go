// The reference decoder (`-mode reference`): a file decoded exactly as KubeEdge's `Parse` does
// it, `sigs.k8s.io/yaml.Unmarshal(data, c)` onto `NewDefault...Config()`, for any release of the
// default dumps. The structs and defaults are generated (zz_generated.go, from
// tools/gen-kubeedge-decode.py); the decoding is the real sigs.k8s.io/yaml, go-yaml v2 and
// encoding/json. What is written by hand is below: the types with their own UnmarshalJSON in
// KubeEdge's vendored apimachinery / component-base, each copied in behaviour from the source
// named (tags v1.12.7 .. v1.23.1), and the batch driver.
package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io/ioutil"
	"os"
	"regexp"
	"strconv"
	"strings"
	"time"

	"sigs.k8s.io/yaml"
)

type release struct {
	kind     string
	release  string
	new      func() interface{}
	defaults string
}

type patchDefault struct {
	kind, path, from, to, value string
}

// MetaDuration is k8s.io/apimachinery/pkg/apis/meta/v1.Duration (duration.go).
type MetaDuration struct{ time.Duration }

func (d *MetaDuration) UnmarshalJSON(b []byte) error {
	var str string
	if err := json.Unmarshal(b, &str); err != nil {
		return err
	}
	pd, err := time.ParseDuration(str)
	if err != nil {
		return err
	}
	d.Duration = pd
	return nil
}

func (d MetaDuration) MarshalJSON() ([]byte, error) { return json.Marshal(d.Duration.String()) }

// MetaTime is meta/v1.Time (time.go): null is the zero time, else RFC 3339.
type MetaTime struct{ time.Time }

func (t *MetaTime) UnmarshalJSON(b []byte) error {
	if len(b) == 4 && string(b) == "null" {
		t.Time = time.Time{}
		return nil
	}
	var str string
	if err := json.Unmarshal(b, &str); err != nil {
		return err
	}
	pt, err := time.Parse(time.RFC3339, str)
	if err != nil {
		return err
	}
	t.Time = pt.UTC()
	return nil
}

func (t MetaTime) MarshalJSON() ([]byte, error) {
	if t.IsZero() {
		return []byte("null"), nil
	}
	return json.Marshal(t.UTC().Format(time.RFC3339))
}

// TimeOrMetaDuration is k8s.io/component-base/logs/api/v1.TimeOrMetaDuration (types.go): a
// string is a metav1.Duration, anything else an integer of nanoseconds.
type TimeOrMetaDuration struct {
	MetaDuration
	SerializeAsString bool
}

func (t *TimeOrMetaDuration) UnmarshalJSON(b []byte) error {
	if len(b) > 0 && b[0] == '"' {
		t.SerializeAsString = true
		return json.Unmarshal(b, &t.MetaDuration)
	}
	t.SerializeAsString = false
	if err := json.Unmarshal(b, &t.MetaDuration.Duration); err != nil {
		return fmt.Errorf("invalid duration %q: %w", string(b), err)
	}
	return nil
}

func (t TimeOrMetaDuration) MarshalJSON() ([]byte, error) { return t.MetaDuration.MarshalJSON() }

// Quantity is apimachinery's resource.Quantity (quantity.go UnmarshalJSON): null is zero, quotes
// are stripped, the rest must parse as a quantity. ParseQuantity's grammar is approximated by
// quantityRe (sign, decimal number, one binary-SI / decimal-SI suffix or a decimal exponent); the
// value is kept as written (apimachinery would canonicalise it).
type Quantity struct {
	text string
	set  bool
}

var quantityRe = regexp.MustCompile(`^[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)((Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E)|[eE][+-]?[0-9]+)?$`)

func (q *Quantity) UnmarshalJSON(value []byte) error {
	l := len(value)
	if l == 4 && bytes.Equal(value, []byte("null")) {
		*q = Quantity{}
		return nil
	}
	if l >= 2 && value[0] == '"' && value[l-1] == '"' {
		value = value[1 : l-1]
	}
	s := strings.TrimSpace(string(value))
	if !quantityRe.MatchString(s) {
		return fmt.Errorf("quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'")
	}
	*q = Quantity{text: s, set: true}
	return nil
}

func (q Quantity) MarshalJSON() ([]byte, error) {
	if !q.set {
		return []byte("null"), nil
	}
	return json.Marshal(q.text)
}

func versionLess(a, b string) bool {
	pa, pb := strings.Split(a, "."), strings.Split(b, ".")
	for i := 0; i < len(pa) && i < len(pb); i++ {
		x, _ := strconv.Atoi(pa[i])
		y, _ := strconv.Atoi(pb[i])
		if x != y {
			return x < y
		}
	}
	return len(pa) < len(pb)
}

func minorOf(v string) string {
	p := strings.Split(v, ".")
	if len(p) < 2 {
		return v
	}
	return p[0] + "." + p[1]
}

// lookup picks the dump of the release's minor and applies the patch-release defaults.
func lookup(kind, rel string) (func() interface{}, []byte, error) {
	rel = strings.TrimPrefix(rel, "v")
	var found *release
	for i := range releases {
		r := &releases[i]
		if r.kind == kind && minorOf(r.release) == minorOf(rel) {
			found = r
		}
	}
	if found == nil {
		return nil, nil, fmt.Errorf("no %s defaults for release %s", kind, rel)
	}
	var defaults map[string]interface{}
	if err := json.Unmarshal([]byte(found.defaults), &defaults); err != nil {
		return nil, nil, err
	}
	for _, p := range patchDefaults {
		if p.kind != kind || versionLess(rel, p.from) || versionLess(p.to, rel) {
			continue
		}
		var v interface{}
		if err := json.Unmarshal([]byte(p.value), &v); err != nil {
			return nil, nil, err
		}
		segs := strings.Split(p.path, ".")
		cur := defaults
		for _, s := range segs[:len(segs)-1] {
			next, ok := cur[s].(map[string]interface{})
			if !ok {
				return nil, nil, fmt.Errorf("patch default %s: no %s", p.path, s)
			}
			cur = next
		}
		cur[segs[len(segs)-1]] = v
	}
	d, err := json.Marshal(defaults)
	return found.new, d, err
}

// Result is one line of `-mode reference` output.
type Result struct {
	File   string      `json:"file"`
	Error  *string     `json:"error"`
	Config interface{} `json:"config,omitempty"`
}

// reference decodes each file (the arguments, or one path per line on stdin) as KubeEdge `rel`
// reads a `kind` configuration, printing one JSON line per file.
func reference(kind, rel string, files []string) int {
	newCfg, defaults, err := lookup(kind, rel)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 2
	}
	if len(files) == 0 {
		sc := bufio.NewScanner(os.Stdin)
		sc.Buffer(make([]byte, 1<<20), 1<<20)
		for sc.Scan() {
			if line := sc.Text(); line != "" {
				files = append(files, line)
			}
		}
	}
	out := bufio.NewWriter(os.Stdout)
	defer out.Flush()
	enc := json.NewEncoder(out)
	for _, f := range files {
		data, err := ioutil.ReadFile(f)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 2
		}
		c := newCfg()
		if err := json.Unmarshal(defaults, c); err != nil {
			fmt.Fprintln(os.Stderr, "defaults:", err)
			return 2
		}
		r := Result{File: f}
		if err := yaml.Unmarshal(data, c); err != nil {
			msg := err.Error()
			r.Error = &msg
		} else {
			r.Config = c
		}
		if err := enc.Encode(r); err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 2
		}
	}
	return 0
}
