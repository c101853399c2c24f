package catalogue

import (
	"reflect"
	"testing"

	"motcua/server/contract"
)

func TestDiff(t *testing.T) {
	codes := func(ps []contract.Procedure) []string {
		var out []string
		for _, p := range ps {
			out = append(out, p.Code)
		}
		return out
	}
	tests := []struct {
		name    string
		change  func(c *contract.Catalogue)
		changed []string
		removed []string
	}{
		{"nothing", func(c *contract.Catalogue) {}, nil, nil},
		{"nil versus empty lists", func(c *contract.Catalogue) {
			c.Procedures[0].Documents = append([]contract.Text{}, c.Procedures[0].Documents...)
			c.Procedures[1].Documents = []contract.Text{}
			c.Procedures[1].Fees[0].Tiers = []contract.FeeTier{}
		}, nil, nil},
		{"fee amount", func(c *contract.Catalogue) { c.Procedures[1].Fees[0].Amount = 5000 }, []string{"1.004873"}, nil},
		{"tier", func(c *contract.Catalogue) { c.Procedures[0].Fees[0].Tiers[1].Amount = 1500 }, []string{"2.000815"}, nil},
		{"flag", func(c *contract.Catalogue) { c.Procedures[1].HomeService = true }, []string{"1.004873"}, nil},
		{"queue only", func(c *contract.Catalogue) { c.Queues[0].Name.VI = "Khác" }, nil, nil},
		{"added", func(c *contract.Catalogue) {
			c.Procedures = append(c.Procedures, contract.Procedure{Code: "0.1"}, contract.Procedure{Code: "9.9"})
		}, []string{"0.1", "9.9"}, nil},
		{"removed", func(c *contract.Catalogue) { c.Procedures = c.Procedures[1:] }, nil, []string{"2.000815"}},
		{"reordered", func(c *contract.Catalogue) {
			c.Procedures[0], c.Procedures[1] = c.Procedures[1], c.Procedures[0]
		}, nil, nil},
		{"everything", func(c *contract.Catalogue) {
			c.Procedures = []contract.Procedure{{Code: "3.3"}, {Code: "1.1"}}
		}, []string{"1.1", "3.3"}, []string{"1.004873", "2.000815"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			old, new := base(), base()
			tt.change(&new)
			changed, removed := Diff(old, new)
			if got := codes(changed); !reflect.DeepEqual(got, tt.changed) {
				t.Errorf("changed = %v, want %v", got, tt.changed)
			}
			if !reflect.DeepEqual(removed, tt.removed) {
				t.Errorf("removed = %v, want %v", removed, tt.removed)
			}
		})
	}
}

func TestDiffReturnsNewVersion(t *testing.T) {
	old, new := base(), base()
	new.Procedures[1].Fees[0].Amount = 5000
	changed, _ := Diff(old, new)
	if len(changed) != 1 || changed[0].Fees[0].Amount != 5000 {
		t.Fatalf("changed = %+v, want the new procedure", changed)
	}
	changed[0].Fees[0].Amount = 1
	if new.Procedures[1].Fees[0].Amount != 5000 {
		t.Error("Diff's result shares memory with its input")
	}
}
