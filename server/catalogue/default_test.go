package catalogue

import (
	"bytes"
	"flag"
	"os"
	"reflect"
	"slices"
	"strings"
	"testing"

	"motcua/server/contract"
)

var update = flag.Bool("update", false, "rewrite default.json in canonical form")

const cityResolution = "Nghị quyết HĐND thành phố Hải Phòng"

// The Hải Phòng resolutions domain.md gives for fee rules.
const (
	nq23 = "Nghị quyết số 23/2026/NQ-HĐND thành phố Hải Phòng" // online civil-status, land, appraisal, permit fees 0 đ
	nq12 = "Nghị quyết số 12/2026/NQ-HĐND thành phố Hải Phòng" // household-business registration free 2026–2031
	nq16 = "Nghị quyết số 16/2023/NQ-HĐND thành phố Hải Phòng" // civil-status fee exemptions
)

// freeByResolution are the sources a 0 đ rule may cite besides a law.
var freeByResolution = map[string]bool{nq23: true, nq12: true}

func TestDefaultValidates(t *testing.T) {
	c := Default()
	if err := Validate(&c); err != nil {
		t.Fatal(err)
	}
	if n := len(c.Procedures); n < 22 {
		t.Errorf("default has %d procedures, want at least 22", n)
	}
	if c.Version == 0 {
		t.Error("default catalogue has version 0")
	}
}

// TestDefaultCanonical keeps default.json in the form EncodeJSON writes, so
// an export of the untouched default diffs clean against the source.
// Run with -update after editing default.json by hand.
func TestDefaultCanonical(t *testing.T) {
	var b bytes.Buffer
	if err := EncodeJSON(&b, Default()); err != nil {
		t.Fatal(err)
	}
	if *update {
		if err := os.WriteFile("default.json", b.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	if !bytes.Equal(b.Bytes(), defaultJSON) {
		t.Error("default.json is not in canonical form; run go test -run TestDefaultCanonical -update")
	}
}

func TestDefaultCoversSixFields(t *testing.T) {
	c := Default()
	want := []string{"chung-thuc", "dat-dai", "ho-tich", "kinh-doanh", "van-hoa-xa-hoi", "xay-dung"}
	var ids []string
	for _, f := range c.Fields {
		ids = append(ids, f.ID)
	}
	slices.Sort(ids)
	if !reflect.DeepEqual(ids, want) {
		t.Errorf("field ids = %v, want %v", ids, want)
	}
	perField := map[string]int{}
	for _, p := range c.Procedures {
		perField[p.Field]++
	}
	for _, id := range want {
		if perField[id] == 0 {
			t.Errorf("field %s has no procedure", id)
		}
	}
}

// TestDefaultDomainFees pins the fees domain.md sources to the legal text.
func TestDefaultDomainFees(t *testing.T) {
	c := Default()
	tests := []struct {
		code   string
		fee    int
		kind   contract.FeeKind
		amount int64
		tiers  []contract.FeeTier
		cap    int64
		source string
	}{
		{"2.000815", 0, contract.FeePerPage, 0, []contract.FeeTier{{FromPage: 1, Amount: 2000}, {FromPage: 3, Amount: 1000}}, 200000, "226/2016/TT-BTC"},
		{"2.000635", 0, contract.FeePerCopy, 8000, nil, 0, "281/2016/TT-BTC"},
		{"2.000884", 0, contract.FeeFlat, 10000, nil, 0, "226/2016/TT-BTC"},
		{"2.001035", 0, contract.FeeFlat, 50000, nil, 0, "226/2016/TT-BTC"},
		{"2.000913", 0, contract.FeeFlat, 30000, nil, 0, "226/2016/TT-BTC"},
		{"2.000927", 0, contract.FeeFlat, 25000, nil, 0, "226/2016/TT-BTC"},
		{"1.001193", 0, contract.FeeFree, 0, nil, 0, "Luật Hộ tịch 2014, Điều 11"},
		{"1.001193", 1, contract.FeeLocal, 0, nil, 0, cityResolution},
		{"1.000894", 0, contract.FeeFree, 0, nil, 0, "Luật Hộ tịch 2014, Điều 11"},
		{"1.000656", 0, contract.FeeFree, 0, nil, 0, "Luật Hộ tịch 2014, Điều 11"},
		{"1.004873", 0, contract.FeeLocal, 0, nil, 0, cityResolution},
		{"1.004884", 0, contract.FeeLocal, 0, nil, 0, cityResolution},
		{"1.004859", 0, contract.FeeLocal, 0, nil, 0, cityResolution},
	}
	for _, tt := range tests {
		p, ok := c.Procedure(tt.code)
		if !ok {
			t.Errorf("procedure %s missing", tt.code)
			continue
		}
		if tt.fee >= len(p.Fees) {
			t.Errorf("%s has %d fees, want fee %d", tt.code, len(p.Fees), tt.fee)
			continue
		}
		f := p.Fees[tt.fee]
		if f.Kind != tt.kind || f.Amount != tt.amount || !reflect.DeepEqual(f.Tiers, tt.tiers) || f.Cap != tt.cap {
			t.Errorf("%s fee %d = %s, want kind %s amount %d tiers %v cap %d", tt.code, tt.fee, FormatFee(f), tt.kind, tt.amount, tt.tiers, tt.cap)
		}
		if !strings.Contains(f.Source, tt.source) {
			t.Errorf("%s fee %d source %q, want it to cite %q", tt.code, tt.fee, f.Source, tt.source)
		}
	}
}

// TestDefaultInventsNoAmount checks the rule of domain.md: every amount is
// one the legal texts quoted there state, and every other fee is left to
// the city council's resolution with no figure.
func TestDefaultInventsNoAmount(t *testing.T) {
	sourced := map[int64]bool{8000: true, 10000: true, 25000: true, 30000: true, 50000: true}
	for _, p := range Default().Procedures {
		for i, f := range p.Fees {
			switch f.Kind {
			case contract.FeeLocal:
				if f.Amount != 0 || f.Source != cityResolution {
					t.Errorf("%s fee %d: local fee %d from %q, want 0 from %q", p.Code, i, f.Amount, f.Source, cityResolution)
				}
			case contract.FeeFlat, contract.FeePerCopy:
				if !sourced[f.Amount] {
					t.Errorf("%s fee %d: amount %d is not one domain.md sources", p.Code, i, f.Amount)
				}
			case contract.FeeFree:
				if !strings.HasPrefix(f.Source, "Luật") && !freeByResolution[f.Source] {
					t.Errorf("%s fee %d: free fee must cite a law or a resolution domain.md gives, has %q", p.Code, i, f.Source)
				}
			}
		}
	}
}

func TestDefaultFlags(t *testing.T) {
	c := Default()
	sameDay := map[string]bool{"1.004873": true, "2.000635": true, "2.000815": true, "2.000884": true}
	// The same-day procedures domain.md names (certification, extracts,
	// birth, death) return after 15:00 the next working day; marital-status
	// confirmation has no cut-off in the sources.
	cutoff := map[string]string{"2.000815": "15:00", "2.000884": "15:00", "2.000635": "15:00", "1.001193": "15:00", "1.000656": "15:00"}
	common := 0
	home := 0
	for _, p := range c.Procedures {
		if p.SameDayCutoff != cutoff[p.Code] {
			t.Errorf("%s: SameDayCutoff = %q, want %q", p.Code, p.SameDayCutoff, cutoff[p.Code])
		}
		if p.SameDayWednesday != sameDay[p.Code] {
			t.Errorf("%s: SameDayWednesday = %v, want %v", p.Code, p.SameDayWednesday, sameDay[p.Code])
		}
		if p.Common {
			common++
		}
		if p.HomeService {
			home++
		}
		if want := "https://dichvucong.gov.vn/tim-kiem-thu-tuc-hanh-chinh?keyword=" + p.Code; p.GuidanceURL != want {
			t.Errorf("%s: guidance URL %q, want %q", p.Code, p.GuidanceURL, want)
		}
	}
	if common < 5 || common > 8 {
		t.Errorf("%d common procedures, want about 6", common)
	}
	if home < 2 || home > 8 {
		t.Errorf("%d home-service procedures, want a sensible few", home)
	}
}

func TestDefaultQueues(t *testing.T) {
	c := Default()
	n, ok := c.Queue("N")
	if !ok || len(n.Procedures) != 0 {
		t.Fatalf("queue N = %+v, want it present and empty", n)
	}
	a, b := c.CountersFor("A"), c.CountersFor("B")
	for _, num := range append(a, b...) {
		if !slices.Contains(c.CountersFor("N"), num) {
			t.Errorf("counter %d serves A or B but not N", num)
		}
	}
	for _, num := range c.CountersFor("N") {
		if !slices.Contains(a, num) && !slices.Contains(b, num) {
			t.Errorf("counter %d serves N but neither A nor B", num)
		}
	}
	for i := 1; i <= 6; i++ {
		if k, ok := c.Counter(i); !ok || !strings.HasPrefix(k.Name.VI, "Quầy số") {
			t.Errorf("counter %d = %+v, want a Vietnamese-named counter", i, k)
		}
	}
}

func TestDefaultTranslated(t *testing.T) {
	eachText(Default(), func(path string, tx contract.Text) {
		if tx.VI != "" && tx.EN == "" {
			t.Errorf("%s: %q has no English translation", path, tx.VI)
		}
	})
}

func TestDefaultIsFresh(t *testing.T) {
	a := Default()
	a.Procedures[0].Fees[0].Source = "changed"
	a.Procedures[0].Documents[0].VI = "changed"
	a.Queues[0].Procedures[0] = "changed"
	b := Default()
	if b.Procedures[0].Fees[0].Source == "changed" || b.Procedures[0].Documents[0].VI == "changed" || b.Queues[0].Procedures[0] == "changed" {
		t.Error("Default shares memory between calls")
	}
}

// TestDefaultFeeRulesByDay walks the Hải Phòng rules of domain.md through
// their boundaries: NQ 23/2026 (0 đ online from 08/8/2026 for civil-status,
// land-certificate, appraisal and construction-permit fees) and NQ 12/2026
// (household-business registration free 08/8/2026–31/12/2031, any channel).
// want is the source of the rule in force for the charge, "" for none.
func TestDefaultFeeRulesByDay(t *testing.T) {
	c := Default()
	tests := []struct {
		code, label string
		day         string
		ch          contract.FeeChannel
		kind        contract.FeeKind
		source      string
	}{
		{"1.004873", "Lệ phí cấp Giấy xác nhận tình trạng hôn nhân", "2026-08-07", contract.ChannelOnline, contract.FeeLocal, cityResolution},
		{"1.004873", "Lệ phí cấp Giấy xác nhận tình trạng hôn nhân", "2026-08-08", contract.ChannelOnline, contract.FeeFree, nq23},
		{"1.004873", "Lệ phí cấp Giấy xác nhận tình trạng hôn nhân", "2026-08-08", contract.ChannelInPerson, contract.FeeLocal, cityResolution},
		{"1.013978", "Phí thẩm định hồ sơ cấp Giấy chứng nhận", "2026-08-08", contract.ChannelOnline, contract.FeeFree, nq23},
		{"1.013225", "Lệ phí cấp giấy phép xây dựng", "2030-01-01", contract.ChannelOnline, contract.FeeFree, nq23},
		{"1.013225", "Lệ phí cấp giấy phép xây dựng", "2030-01-01", contract.ChannelInPerson, contract.FeeLocal, cityResolution},
		{"1.001612", "Lệ phí đăng ký hộ kinh doanh", "2026-08-07", contract.ChannelInPerson, contract.FeeLocal, cityResolution},
		{"1.001612", "Lệ phí đăng ký hộ kinh doanh", "2026-08-08", contract.ChannelInPerson, contract.FeeFree, nq12},
		{"1.001612", "Lệ phí đăng ký hộ kinh doanh", "2031-12-31", contract.ChannelOnline, contract.FeeFree, nq12},
		{"1.001612", "Lệ phí đăng ký hộ kinh doanh", "2032-01-01", contract.ChannelInPerson, contract.FeeLocal, cityResolution},
		{"2.000720", "Lệ phí đăng ký thay đổi nội dung đăng ký hộ kinh doanh", "2026-08-08", contract.ChannelOnline, contract.FeeFree, nq12},
		{"2.000815", "Phí chứng thực bản sao từ bản chính", "2026-08-08", contract.ChannelOnline, contract.FeePerPage, "Thông tư số 226/2016/TT-BTC, Điều 4"},
	}
	for _, tt := range tests {
		p, ok := c.Procedure(tt.code)
		if !ok {
			t.Fatalf("procedure %s missing", tt.code)
		}
		var got []contract.Fee
		for _, f := range contract.FeesInForce(p.Fees, tt.day, tt.ch) {
			if f.Label.VI == tt.label {
				got = append(got, f)
			}
		}
		if len(got) != 1 || got[0].Kind != tt.kind || got[0].Source != tt.source {
			t.Errorf("%s %q on %s %q: rules %+v, want one %s from %q", tt.code, tt.label, tt.day, tt.ch, got, tt.kind, tt.source)
		}
	}
}

// TestDefaultExemptionsAndConditions: every council civil-status fee has
// the exempt classes of domain.md, each sourced; the 25.000 đ correction
// fee says it is charged only when the error is not the certifier's.
func TestDefaultExemptionsAndConditions(t *testing.T) {
	c := Default()
	for _, p := range c.Procedures {
		hasCivilLocal := false
		for _, f := range p.Fees {
			hasCivilLocal = hasCivilLocal || (p.Field == "ho-tich" && f.Kind == contract.FeeLocal)
		}
		if !hasCivilLocal {
			if len(p.FeeExemptions) != 0 {
				t.Errorf("%s: exemptions %+v on a procedure without a council civil-status fee", p.Code, p.FeeExemptions)
			}
			continue
		}
		var who []string
		for _, e := range p.FeeExemptions {
			if !strings.Contains(e.Source, nq16) {
				t.Errorf("%s: exemption %q cites %q, want %q", p.Code, e.Who.VI, e.Source, nq16)
			}
			who = append(who, e.Who.VI)
		}
		for _, w := range []string{"Trẻ em", "Người thuộc hộ nghèo", "Người cao tuổi", "Người khuyết tật", "Người thuộc gia đình có công với cách mạng"} {
			if !slices.Contains(who, w) {
				t.Errorf("%s: exempt classes %v lack %q", p.Code, who, w)
			}
		}
	}
	p, _ := c.Procedure("2.000927")
	if len(p.Fees) != 1 || p.Fees[0].Amount != 25000 || !strings.Contains(p.Fees[0].Condition.VI, "không do lỗi của người thực hiện chứng thực") {
		t.Errorf("2.000927 fees = %+v, want 25.000 đ with its condition", p.Fees)
	}
}
