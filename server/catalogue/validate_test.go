package catalogue

import (
	"fmt"
	"strings"
	"testing"

	"motcua/server/contract"
)

func TestValidateBase(t *testing.T) {
	c := base()
	if err := Validate(&c); err != nil {
		t.Fatal(err)
	}
}

func TestValidateRules(t *testing.T) {
	long := strings.Repeat("ạ", MaxNameRunes+1)
	tests := []struct {
		name   string
		mutate func(c *contract.Catalogue)
		path   string // "" means the catalogue stays valid
	}{
		// Same-day cut-off (base() has 15:00 on procedures[0]).
		{"cut-off 24:00", func(c *contract.Catalogue) { c.Procedures[0].SameDayCutoff = "24:00" }, "procedures[0].same_day_cutoff"},
		{"cut-off 15:60", func(c *contract.Catalogue) { c.Procedures[0].SameDayCutoff = "15:60" }, "procedures[0].same_day_cutoff"},
		{"cut-off 3pm", func(c *contract.Catalogue) { c.Procedures[0].SameDayCutoff = "3pm" }, "procedures[0].same_day_cutoff"},
		{"cut-off one digit hour", func(c *contract.Catalogue) { c.Procedures[0].SameDayCutoff = "9:30" }, "procedures[0].same_day_cutoff"},
		{"cut-off 23:59", func(c *contract.Catalogue) { c.Procedures[0].SameDayCutoff = "23:59" }, ""},
		{"cut-off 00:00", func(c *contract.Catalogue) { c.Procedures[0].SameDayCutoff = "00:00" }, ""},
		{"no cut-off", func(c *contract.Catalogue) { c.Procedures[0].SameDayCutoff = "" }, ""},
		// Fields.
		{"field id upper case", func(c *contract.Catalogue) { c.Fields[0].ID = "Chung-thuc" }, "fields[0].id"},
		{"field id leading hyphen", func(c *contract.Catalogue) { c.Fields[0].ID = "-x" }, "fields[0].id"},
		{"field id 41 chars", func(c *contract.Catalogue) { c.Fields[0].ID = strings.Repeat("a", 41) }, "fields[0].id"},
		{"field id 40 chars", func(c *contract.Catalogue) {
			c.Fields[0].ID = strings.Repeat("a", 40)
			c.Procedures[0].Field = c.Fields[0].ID
		}, ""},
		{"field id duplicate", func(c *contract.Catalogue) { c.Fields[1].ID = "chung-thuc" }, "fields[1].id"},
		{"field name missing", func(c *contract.Catalogue) { c.Fields[0].Name.VI = "" }, "fields[0].name.vi"},
		{"field name too long", func(c *contract.Catalogue) { c.Fields[0].Name.VI = long }, "fields[0].name.vi"},
		{"field name 300 runes", func(c *contract.Catalogue) { c.Fields[0].Name.VI = long[:len(long)-len("ạ")] }, ""},
		{"field name invalid UTF-8", func(c *contract.Catalogue) { c.Fields[0].Name.VI = "Ch\xffng" }, "fields[0].name.vi"},
		{"field English control char", func(c *contract.Catalogue) { c.Fields[0].Name.EN = "Cert\x07" }, "fields[0].name.en"},
		{"field icon tab", func(c *contract.Catalogue) { c.Fields[1].Icon = "a\tb" }, "fields[1].icon"},
		// Text rules.
		{"name with newline", func(c *contract.Catalogue) { c.Procedures[0].Name.VI = "a\nb" }, "procedures[0].name.vi"},
		{"name with leading space", func(c *contract.Catalogue) { c.Procedures[0].Name.VI = " a" }, "procedures[0].name.vi"},
		{"name with trailing NBSP", func(c *contract.Catalogue) { c.Procedures[0].Name.EN = "a\u00a0" }, "procedures[0].name.en"},
		{"processing time newline", func(c *contract.Catalogue) { c.Procedures[0].ProcessingTime.VI = "Trong ngày\nsau 15 giờ: hôm sau" }, ""},
		{"processing time carriage return", func(c *contract.Catalogue) { c.Procedures[0].ProcessingTime.VI = "a\r\nb" }, "procedures[0].processing_time.vi"},
		{"result English only", func(c *contract.Catalogue) { c.Procedures[1].Result = contract.Text{EN: "Certificate"} }, "procedures[1].result.vi"},
		{"document missing Vietnamese", func(c *contract.Catalogue) { c.Procedures[0].Documents[0].VI = "" }, "procedures[0].documents[0].vi"},
		{"step with newline", func(c *contract.Catalogue) { c.Procedures[0].Steps[0].VI = "a\nb" }, "procedures[0].steps[0].vi"},
		{"legal basis empty", func(c *contract.Catalogue) { c.Procedures[0].LegalBasis = []string{""} }, "procedures[0].legal_basis[0]"},
		{"document too long", func(c *contract.Catalogue) {
			c.Procedures[0].Documents[0].VI = strings.Repeat("x", MaxTextRunes+1)
		}, "procedures[0].documents[0].vi"},
		// Procedures.
		{"code with space", func(c *contract.Catalogue) { c.Procedures[0].Code = "2.000 815" }, "procedures[0].code"},
		{"code empty", func(c *contract.Catalogue) { c.Procedures[1].Code = "" }, "procedures[1].code"},
		{"code starts with dot", func(c *contract.Catalogue) { c.Procedures[1].Code = ".1" }, "procedures[1].code"},
		{"code 33 chars", func(c *contract.Catalogue) { c.Procedures[1].Code = strings.Repeat("1", 33) }, "procedures[1].code"},
		{"code duplicate", func(c *contract.Catalogue) { c.Procedures[1].Code = "2.000815" }, "procedures[1].code"},
		{"field missing", func(c *contract.Catalogue) { c.Procedures[0].Field = "" }, "procedures[0].field"},
		{"field unknown", func(c *contract.Catalogue) { c.Procedures[0].Field = "dat-dai" }, "procedures[0].field"},
		{"name missing", func(c *contract.Catalogue) { c.Procedures[1].Name.VI = "" }, "procedures[1].name.vi"},
		{"online unknown", func(c *contract.Catalogue) { c.Procedures[0].Online = "full" }, "procedures[0].online"},
		{"online partial", func(c *contract.Catalogue) { c.Procedures[0].Online = contract.OnlinePartial }, ""},
		{"guidance ftp", func(c *contract.Catalogue) { c.Procedures[0].GuidanceURL = "ftp://dichvucong.gov.vn/x" }, "procedures[0].guidance_url"},
		{"guidance relative", func(c *contract.Catalogue) { c.Procedures[0].GuidanceURL = "dichvucong.gov.vn/x" }, "procedures[0].guidance_url"},
		{"guidance no host", func(c *contract.Catalogue) { c.Procedures[0].GuidanceURL = "https://" }, "procedures[0].guidance_url"},
		{"guidance http", func(c *contract.Catalogue) { c.Procedures[0].GuidanceURL = "http://example.org/a?b=c" }, ""},
		// Fees.
		{"fee kind unknown", func(c *contract.Catalogue) { c.Procedures[1].Fees[0].Kind = "percent" }, "procedures[1].fees[0].kind"},
		{"fee source missing", func(c *contract.Catalogue) { c.Procedures[1].Fees[0].Source = "" }, "procedures[1].fees[0].source"},
		{"fee label missing", func(c *contract.Catalogue) { c.Procedures[1].Fees[0].Label.VI = "" }, "procedures[1].fees[0].label.vi"},
		{"fee note newline", func(c *contract.Catalogue) { c.Procedures[1].Fees[0].Note.VI = "a\nb" }, ""},
		{"fee unit newline", func(c *contract.Catalogue) { c.Procedures[1].Fees[0].Unit.VI = "a\nb" }, "procedures[1].fees[0].unit.vi"},
		{"flat zero", func(c *contract.Catalogue) { setFee(c, contract.Fee{Kind: contract.FeeFlat}) }, "procedures[1].fees[0].amount"},
		{"flat positive", func(c *contract.Catalogue) { setFee(c, contract.Fee{Kind: contract.FeeFlat, Amount: 10000}) }, ""},
		{"per copy negative", func(c *contract.Catalogue) { setFee(c, contract.Fee{Kind: contract.FeePerCopy, Amount: -1}) }, "procedures[1].fees[0].amount"},
		{"flat over 1e12", func(c *contract.Catalogue) { setFee(c, contract.Fee{Kind: contract.FeeFlat, Amount: MaxAmount + 1}) }, "procedures[1].fees[0].amount"},
		{"flat at 1e12", func(c *contract.Catalogue) { setFee(c, contract.Fee{Kind: contract.FeeFlat, Amount: MaxAmount}) }, ""},
		{"flat with tiers", func(c *contract.Catalogue) {
			setFee(c, contract.Fee{Kind: contract.FeeFlat, Amount: 1, Tiers: []contract.FeeTier{{FromPage: 1, Amount: 1}}})
		}, "procedures[1].fees[0].tiers"},
		{"flat with cap", func(c *contract.Catalogue) { setFee(c, contract.Fee{Kind: contract.FeeFlat, Amount: 1, Cap: 5}) }, "procedures[1].fees[0].cap"},
		{"local negative", func(c *contract.Catalogue) { setFee(c, contract.Fee{Kind: contract.FeeLocal, Amount: -5}) }, "procedures[1].fees[0].amount"},
		{"local entered", func(c *contract.Catalogue) { setFee(c, contract.Fee{Kind: contract.FeeLocal, Amount: 5000}) }, ""},
		{"free with amount", func(c *contract.Catalogue) { setFee(c, contract.Fee{Kind: contract.FeeFree, Amount: 1}) }, "procedures[1].fees[0].amount"},
		{"per page no tiers", func(c *contract.Catalogue) { c.Procedures[0].Fees[0].Tiers = nil }, "procedures[0].fees[0].tiers"},
		{"per page first tier page 2", func(c *contract.Catalogue) { c.Procedures[0].Fees[0].Tiers[0].FromPage = 2 }, "procedures[0].fees[0].tiers[0].from_page"},
		{"per page tiers not increasing", func(c *contract.Catalogue) { c.Procedures[0].Fees[0].Tiers[1].FromPage = 1 }, "procedures[0].fees[0].tiers[1].from_page"},
		{"per page tier amount zero", func(c *contract.Catalogue) { c.Procedures[0].Fees[0].Tiers[1].Amount = 0 }, "procedures[0].fees[0].tiers[1].amount"},
		{"per page tier amount huge", func(c *contract.Catalogue) { c.Procedures[0].Fees[0].Tiers[0].Amount = MaxAmount + 1 }, "procedures[0].fees[0].tiers[0].amount"},
		{"per page cap negative", func(c *contract.Catalogue) { c.Procedures[0].Fees[0].Cap = -1 }, "procedures[0].fees[0].cap"},
		{"per page cap huge", func(c *contract.Catalogue) { c.Procedures[0].Fees[0].Cap = MaxAmount + 1 }, "procedures[0].fees[0].cap"},
		{"per page no cap", func(c *contract.Catalogue) { c.Procedures[0].Fees[0].Cap = 0 }, ""},
		// Fee periods, channels, conditions and exemptions.
		{"fee from not a date", func(c *contract.Catalogue) { c.Procedures[1].Fees[0].From = "08/8/2026" }, "procedures[1].fees[0].from"},
		{"fee until not a real day", func(c *contract.Catalogue) { c.Procedures[1].Fees[0].Until = "2026-02-30" }, "procedures[1].fees[0].until"},
		{"fee until before from", func(c *contract.Catalogue) {
			c.Procedures[1].Fees[0].From, c.Procedures[1].Fees[0].Until = "2026-08-08", "2026-08-07"
		}, "procedures[1].fees[0].until"},
		{"fee one-day period", func(c *contract.Catalogue) {
			c.Procedures[1].Fees[0].From, c.Procedures[1].Fees[0].Until = "2026-08-08", "2026-08-08"
		}, ""},
		{"fee channel unknown", func(c *contract.Catalogue) { c.Procedures[1].Fees[0].Channel = "post" }, "procedures[1].fees[0].channel"},
		{"fee condition with newline", func(c *contract.Catalogue) { c.Procedures[1].Fees[0].Condition.VI = "a\nb" }, ""},
		{"fee condition English only", func(c *contract.Catalogue) { c.Procedures[1].Fees[0].Condition.EN = "only" }, "procedures[1].fees[0].condition.vi"},
		{"fee rules in sequence", func(c *contract.Catalogue) { splitOnline(c, "2026-08-07", "2026-08-08") }, ""},
		{"fee rules overlap on one day", func(c *contract.Catalogue) { splitOnline(c, "2026-08-08", "2026-08-08") }, "procedures[1].fees[1]"},
		{"fee rules for two channels", func(c *contract.Catalogue) {
			splitOnline(c, "", "2026-08-08")
			c.Procedures[1].Fees[0].Channel = contract.ChannelInPerson
		}, ""},
		{"fee rules same channel open", func(c *contract.Catalogue) {
			splitOnline(c, "", "2026-08-08")
			c.Procedures[1].Fees[0].Channel = contract.ChannelOnline
		}, "procedures[1].fees[1]"},
		{"exemption who missing", func(c *contract.Catalogue) {
			c.Procedures[1].FeeExemptions = []contract.FeeExemption{{Source: "NQ 16/2023/NQ-HĐND"}}
		}, "procedures[1].fee_exemptions[0].who.vi"},
		{"exemption source missing", func(c *contract.Catalogue) {
			c.Procedures[1].FeeExemptions = []contract.FeeExemption{{Who: contract.Text{VI: "Hộ nghèo"}}}
		}, "procedures[1].fee_exemptions[0].source"},
		{"exemption valid", func(c *contract.Catalogue) {
			c.Procedures[1].FeeExemptions = []contract.FeeExemption{{Who: contract.Text{VI: "Hộ nghèo"}, Source: "NQ 16/2023/NQ-HĐND"}}
		}, ""},
		{"per page with amount", func(c *contract.Catalogue) { c.Procedures[0].Fees[0].Amount = 2000 }, "procedures[0].fees[0].amount"},
		// Queues.
		{"prefix lower case", func(c *contract.Catalogue) { c.Queues[0].Prefix = "a" }, "queues[0].prefix"},
		{"prefix two letters", func(c *contract.Catalogue) { c.Queues[0].Prefix = "AB" }, "queues[0].prefix"},
		{"prefix Vietnamese letter", func(c *contract.Catalogue) { c.Queues[0].Prefix = "Đ" }, "queues[0].prefix"},
		{"prefix duplicate", func(c *contract.Catalogue) { c.Queues[1].Prefix = "A" }, "queues[1].prefix"},
		{"queue name missing", func(c *contract.Catalogue) { c.Queues[1].Name.VI = "" }, "queues[1].name.vi"},
		{"queue procedure unknown", func(c *contract.Catalogue) {
			c.Queues[0].Procedures = append(c.Queues[0].Procedures, "9.999999")
		}, "queues[0].procedures[2]"},
		{"procedure in two queues", func(c *contract.Catalogue) { c.Queues[1].Procedures = []string{"1.004873"} }, "queues[1].procedures[0]"},
		{"procedure twice in a queue", func(c *contract.Catalogue) {
			c.Queues[0].Procedures = append(c.Queues[0].Procedures, "2.000815")
		}, "queues[0].procedures[2]"},
		{"procedure in no queue", func(c *contract.Catalogue) { c.Queues[0].Procedures = []string{"2.000815"} }, "procedures[1]"},
		{"queue unserved", func(c *contract.Catalogue) { c.Counters[0].Queues = []string{"N"} }, "queues[0]"},
		{"empty queue unserved", func(c *contract.Catalogue) { c.Counters[0].Queues = []string{"A"} }, ""},
		// Counters.
		{"counter zero", func(c *contract.Catalogue) { c.Counters[0].Number = 0 }, "counters[0].number"},
		{"counter 1000", func(c *contract.Catalogue) { c.Counters[0].Number = 1000 }, "counters[0].number"},
		{"counter 999", func(c *contract.Catalogue) { c.Counters[0].Number = 999 }, ""},
		{"counter duplicate", func(c *contract.Catalogue) {
			c.Counters = append(c.Counters, contract.Counter{Number: 1, Name: contract.Text{VI: "Quầy 1b"}})
		}, "counters[1].number"},
		{"counter name missing", func(c *contract.Catalogue) { c.Counters[0].Name.VI = "" }, "counters[0].name.vi"},
		{"counter queue unknown", func(c *contract.Catalogue) { c.Counters[0].Queues = append(c.Counters[0].Queues, "Z") }, "counters[0].queues[2]"},
		{"counter queue twice", func(c *contract.Catalogue) { c.Counters[0].Queues = append(c.Counters[0].Queues, "A") }, "counters[0].queues[2]"},
		// Limits.
		{"too many fields", func(c *contract.Catalogue) {
			for i := len(c.Fields); i <= MaxFields; i++ {
				c.Fields = append(c.Fields, contract.Field{ID: fmt.Sprintf("f%d", i), Name: contract.Text{VI: "x"}})
			}
		}, "fields"},
		{"too many procedures", func(c *contract.Catalogue) {
			for i := len(c.Procedures); i <= MaxProcedures; i++ {
				code := fmt.Sprintf("9.%06d", i)
				c.Procedures = append(c.Procedures, contract.Procedure{Code: code, Name: contract.Text{VI: "x"}, Field: "ho-tich"})
				c.Queues[0].Procedures = append(c.Queues[0].Procedures, code)
			}
		}, "procedures"},
		{"too many queues", func(c *contract.Catalogue) {
			for i := len(c.Queues); i <= MaxQueues; i++ {
				c.Queues = append(c.Queues, contract.Queue{Prefix: string(rune('A' + i%26)), Name: contract.Text{VI: "x"}})
			}
		}, "queues"},
		{"too many counters", func(c *contract.Catalogue) {
			for i := len(c.Counters); i <= MaxCounters; i++ {
				c.Counters = append(c.Counters, contract.Counter{Number: i + 1, Name: contract.Text{VI: "x"}})
			}
		}, "counters"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := base()
			tt.mutate(&c)
			ps := problemsOf(t, Validate(&c))
			if tt.path == "" {
				if len(ps) > 0 {
					t.Fatalf("want valid, got%s", dump(ps))
				}
				return
			}
			if !hasProblem(ps, -1, tt.path) {
				t.Fatalf("want a problem at %s, got%s", tt.path, dump(ps))
			}
			for _, p := range ps {
				if !strings.Contains(p.Message, " / ") {
					t.Errorf("message %q is not Vietnamese / English", p.Message)
				}
			}
		})
	}
}

// setFee replaces the local fee of the second base procedure, keeping its
// label and source so only the rule under test can fail.
func setFee(c *contract.Catalogue, f contract.Fee) {
	old := c.Procedures[1].Fees[0]
	f.Label, f.Source = old.Label, old.Source
	c.Procedures[1].Fees[0] = f
}

func TestValidateReportsEveryProblem(t *testing.T) {
	c := base()
	c.Fields[0].ID = "BAD"
	c.Procedures[1].Fees[0].Source = ""
	c.Counters[0].Number = 0
	err := Validate(&c)
	ps := problemsOf(t, err)
	for _, path := range []string{"fields[0].id", "procedures[0].field", "procedures[1].fees[0].source", "counters[0].number"} {
		if !hasProblem(ps, -1, path) {
			t.Errorf("missing problem at %s in%s", path, dump(ps))
		}
		if !strings.Contains(err.Error(), path) {
			t.Errorf("Error() does not mention %s:\n%s", path, err)
		}
	}
}

func TestValidateNil(t *testing.T) {
	if ps := problemsOf(t, Validate(nil)); len(ps) != 1 {
		t.Fatalf("Validate(nil) = %v, want one problem", ps)
	}
}

func TestValidateCapsProblems(t *testing.T) {
	c := base()
	for i := 0; i < 2*MaxProblems; i++ {
		c.Fields = append(c.Fields, contract.Field{ID: "BAD"})
	}
	err := Validate(&c)
	ps := problemsOf(t, err)
	if len(ps) != MaxProblems+1 {
		t.Fatalf("%d problems, want %d plus a summary", len(ps), MaxProblems)
	}
	if last := ps[len(ps)-1].Message; !strings.Contains(last, "more problems not shown") {
		t.Errorf("last problem %q does not say problems were dropped", last)
	}
}

// TestEmptyCatalogueRefused: importing an empty file must not wipe the
// kiosks; every empty list is named.
func TestEmptyCatalogueRefused(t *testing.T) {
	var c contract.Catalogue
	ps := problemsOf(t, Validate(&c))
	var paths []string
	for _, p := range ps {
		paths = append(paths, p.Path)
	}
	if strings.Join(paths, " ") != "fields procedures queues counters" {
		t.Fatalf("problems at %v", paths)
	}
}

// splitOnline gives the second base procedure's fee an end (until, if
// set) and adds an online 0 đ rule for the same charge from from.
func splitOnline(c *contract.Catalogue, until, from string) {
	fees := &c.Procedures[1].Fees
	(*fees)[0].Until = until
	*fees = append(*fees, contract.Fee{Label: (*fees)[0].Label, Kind: contract.FeeFree, Source: "NQ 23/2026/NQ-HĐND",
		From: from, Channel: contract.ChannelOnline})
}
