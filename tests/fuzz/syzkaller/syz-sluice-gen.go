// SPDX-License-Identifier: GPL-2.0
// Generates and mutates programs from the sluice descriptions only (no executor, no kernel):
// fails unless every enabled call was generated and every program round-trips through the
// parser (non-strict, as syzkaller's own random round trips do); prints a few programs.
// check.sh copies it to tools/syz-sluice-gen/main.go of a syzkaller tree.
package main

import (
	"flag"
	"fmt"
	"math/rand"
	"os"
	"strings"

	"github.com/google/syzkaller/prog"
	_ "github.com/google/syzkaller/sys"
)

func main() {
	n := flag.Int("n", 2000, "programs to generate")
	show := flag.Int("show", 2, "programs to print")
	flag.Parse()
	target, err := prog.GetTarget("linux", "amd64")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	enabled := map[*prog.Syscall]bool{}
	for _, c := range target.Syscalls {
		if strings.Contains(c.Name, "SLUICE") || strings.HasSuffix(c.Name, "$sluice") ||
			c.Name == "socket$nl_generic" || c.Name == "socket$inet_udp" || c.Name == "close" {
			enabled[c] = true
		}
	}
	fmt.Printf("enabled %d calls\n", len(enabled))
	ct := target.BuildChoiceTable(nil, enabled)
	seen := map[string]int{}
	rs := rand.NewSource(1)
	var corpus []*prog.Prog
	for i := 0; i < *n; i++ {
		p := target.Generate(rs, 10, ct)
		p.Mutate(rs, 20, ct, nil, corpus)
		data := p.Serialize()
		p1, err := target.Deserialize(data, prog.NonStrict)
		if err != nil || string(p1.Serialize()) != string(data) {
			fmt.Fprintf(os.Stderr, "round trip failed: %v\n%s\n", err, data)
			os.Exit(1)
		}
		for _, c := range p.Calls {
			seen[c.Meta.Name]++
		}
		if len(corpus) < 50 {
			corpus = append(corpus, p)
		}
		if i < *show {
			fmt.Printf("--- program %d\n%s", i, data)
		}
	}
	missing := 0
	for c := range enabled {
		fmt.Printf("%6d %s\n", seen[c.Name], c.Name)
		if seen[c.Name] == 0 {
			missing++
		}
	}
	if missing != 0 || len(enabled) != 10 {
		fmt.Fprintf(os.Stderr, "%d of %d enabled calls never generated (10 expected)\n",
			missing, len(enabled))
		os.Exit(1)
	}
	fmt.Printf("%d programs generated, mutated and round-tripped\n", *n)
}
