package catalogue

import (
	"os"
	"strings"
	"testing"
)

// codeBlocks returns the fenced code blocks of a Markdown file with their
// info strings, so the examples in FORMAT.md are kept true by the tests.
func codeBlocks(t *testing.T, path string) map[string][]string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	blocks := map[string][]string{}
	var info string
	var body []string
	in := false
	for _, line := range strings.Split(string(data), "\n") {
		switch {
		case strings.HasPrefix(line, "```") && !in:
			in, info, body = true, strings.TrimPrefix(line, "```"), nil
		case strings.HasPrefix(line, "```"):
			in = false
			blocks[info] = append(blocks[info], strings.Join(body, "\n"))
		case in:
			body = append(body, line)
		}
	}
	return blocks
}

func TestFormatDocCSVExample(t *testing.T) {
	examples := codeBlocks(t, "FORMAT.md")["csv"]
	if len(examples) != 1 {
		t.Fatalf("%d csv examples in FORMAT.md, want 1", len(examples))
	}
	c, err := DecodeCSV(strings.NewReader(examples[0]))
	if err != nil {
		t.Fatal(err)
	}
	if p, ok := c.Procedure("2.000884"); !ok || p.Fees[0].Amount != 10000 {
		t.Errorf("example decoded to %+v", c)
	}
}

func TestFormatDocFeeExamples(t *testing.T) {
	n := 0
	for _, block := range codeBlocks(t, "FORMAT.md")[""] {
		for _, line := range strings.Split(block, "\n") {
			if !strings.Contains(line, " | ") || strings.HasPrefix(line, "RULE") {
				continue
			}
			n++
			f, err := ParseFee(line)
			if err != nil {
				t.Errorf("%q: %v", line, err)
				continue
			}
			if got := FormatFee(f); got != line {
				t.Errorf("example is not in export form:\n got %q\nwant %q", got, line)
			}
		}
	}
	if n < 4 {
		t.Errorf("found %d fee examples in FORMAT.md, want 4", n)
	}
}
