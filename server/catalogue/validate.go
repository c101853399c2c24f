package catalogue

import (
	"fmt"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"motcua/server/contract"
	"motcua/server/safetext"
)

// Limits on a catalogue's size. They are far above what a ward centre needs
// (~400 procedures in ~70 fields at the largest) and keep a malicious or
// mistaken upload from exhausting memory or the kiosk's screen.
const (
	MaxFields     = 200
	MaxProcedures = 5000
	MaxQueues     = 26 // one per letter A–Z
	MaxCounters   = 999
	// MaxNameRunes bounds names, labels, units and sources: what fits on a
	// kiosk tile or a printed ticket.
	MaxNameRunes = 300
	// MaxShortRunes bounds a short name: one line on a kiosk tile and on
	// the printed ticket.
	MaxShortRunes = 60
	// MaxKeywords and MaxKeywordRunes bound a procedure's search keywords.
	MaxKeywords     = 30
	MaxKeywordRunes = 60
	// MaxTextRunes bounds every other string (documents, steps, notes…).
	MaxTextRunes = 5000
	// MaxAmount is the largest amount in đồng any fee may state; no real
	// fee comes near it and it keeps fee arithmetic far from overflow.
	MaxAmount = 1_000_000_000_000
	// MaxProblems caps how many problems one validation reports, so a
	// huge broken upload yields a readable error instead of megabytes.
	MaxProblems = 500
)

var (
	fieldIDPattern = regexp.MustCompile(`^[a-z0-9][a-z0-9-]{0,39}$`)
	codePattern    = regexp.MustCompile(`^[0-9A-Za-z][0-9A-Za-z.\-]{0,31}$`)
)

// Problem is one thing wrong with a catalogue. Line is the line of the
// input it comes from: the CSV row, or the JSON line of a syntax error; 0
// when unknown. Path names the value the JSON way, e.g.
// "procedures[3].fees[0].amount", so an administrator can find it in either
// form. Message is Vietnamese followed by English.
type Problem struct {
	Line    int    `json:"line,omitempty"`
	Path    string `json:"path,omitempty"`
	Message string `json:"message"`
}

// String formats the problem on one line: "dòng 5: procedures[3].code: …".
func (p Problem) String() string {
	var b strings.Builder
	if p.Line > 0 {
		fmt.Fprintf(&b, "dòng/line %d: ", p.Line)
	}
	if p.Path != "" {
		b.WriteString(p.Path)
		b.WriteString(": ")
	}
	b.WriteString(p.Message)
	return b.String()
}

// ValidationError is returned when a catalogue breaks the rules. It carries
// every problem found, not just the first, so an administrator can fix a
// spreadsheet in one pass.
type ValidationError struct {
	Problems []Problem
}

// Error lists every problem, one per line, after a one-line summary.
func (e *ValidationError) Error() string {
	var b strings.Builder
	n := len(e.Problems)
	fmt.Fprintf(&b, "danh mục không hợp lệ: %d lỗi / invalid catalogue: %d problem(s)", n, n)
	for _, p := range e.Problems {
		b.WriteString("\n- ")
		b.WriteString(p.String())
	}
	return b.String()
}

// Validate checks a catalogue against every rule kiosks and the queue engine
// rely on: unique well-formed ids and codes, clean UTF-8 text, fees that are
// computable and sourced, and queues and counters that reach every
// procedure. It returns nil or a *ValidationError listing all problems.
func Validate(c *contract.Catalogue) error {
	v := &validator{}
	if c == nil {
		v.add("", "thiếu danh mục / catalogue missing")
		return v.err()
	}
	v.limits(c)
	fields := v.fields(c.Fields)
	codes := v.procedures(c.Procedures, fields)
	prefixes := v.queues(c.Queues, c.Procedures, codes)
	v.counters(c.Counters, prefixes)
	v.served(c.Queues, c.Counters)
	return v.err()
}

type validator struct {
	problems []Problem
	dropped  int
}

func (v *validator) add(path, msg string) {
	if len(v.problems) >= MaxProblems {
		v.dropped++
		return
	}
	v.problems = append(v.problems, Problem{Path: path, Message: msg})
}

func (v *validator) err() error {
	if len(v.problems) == 0 {
		return nil
	}
	if v.dropped > 0 {
		v.problems = append(v.problems, Problem{Message: fmt.Sprintf(
			"còn %d lỗi khác không hiển thị / %d more problems not shown", v.dropped, v.dropped)})
	}
	return &ValidationError{Problems: v.problems}
}

func (v *validator) limits(c *contract.Catalogue) {
	v.limit("fields", len(c.Fields), MaxFields)
	v.limit("procedures", len(c.Procedures), MaxProcedures)
	v.limit("queues", len(c.Queues), MaxQueues)
	v.limit("counters", len(c.Counters), MaxCounters)
}

func (v *validator) limit(path string, n, max int) {
	if n == 0 {
		// An empty list would leave the kiosks blank or no one to call
		// tickets: almost certainly a wrong file, never a wish.
		v.add(path, "danh sách trống / the list is empty")
	}
	if n > max {
		v.add(path, fmt.Sprintf("quá nhiều mục: %d, tối đa %d / too many entries: %d, at most %d", n, max, n, max))
	}
}

func (v *validator) fields(fields []contract.Field) map[string]bool {
	seen := make(map[string]bool, len(fields))
	for i, f := range fields {
		path := fmt.Sprintf("fields[%d]", i)
		switch {
		case !fieldIDPattern.MatchString(f.ID):
			v.add(path+".id", "mã lĩnh vực phải gồm chữ thường, số, gạch nối (tối đa 40 ký tự) / field id must be lower-case letters, digits and hyphens (at most 40)")
		case seen[f.ID]:
			v.add(path+".id", "trùng mã lĩnh vực / duplicate field id")
		}
		seen[f.ID] = true
		v.text(path+".name", f.Name, required, MaxNameRunes, singleLine)
		v.str(path+".icon", f.Icon, MaxNameRunes, singleLine)
	}
	return seen
}

func (v *validator) procedures(procs []contract.Procedure, fields map[string]bool) map[string]bool {
	codes := make(map[string]bool, len(procs))
	for i, p := range procs {
		path := fmt.Sprintf("procedures[%d]", i)
		switch {
		case !codePattern.MatchString(p.Code):
			v.add(path+".code", "mã thủ tục chỉ gồm chữ, số, dấu chấm, gạch nối (tối đa 32 ký tự) / procedure code must be letters, digits, dots and hyphens (at most 32)")
		case codes[p.Code]:
			v.add(path+".code", "trùng mã thủ tục / duplicate procedure code")
		}
		codes[p.Code] = true
		v.procedure(path, p, fields)
	}
	return codes
}

func (v *validator) procedure(path string, p contract.Procedure, fields map[string]bool) {
	v.text(path+".name", p.Name, required, MaxNameRunes, singleLine)
	switch {
	case p.Field == "":
		v.add(path+".field", "thiếu lĩnh vực / field missing")
	case !fields[p.Field]:
		v.add(path+".field", "không có lĩnh vực này / no such field")
	}
	v.text(path+".processing_time", p.ProcessingTime, optional, MaxTextRunes, multiLine)
	for j, f := range p.Fees {
		v.fee(fmt.Sprintf("%s.fees[%d]", path, j), f)
	}
	v.overlaps(path, p.Fees)
	for j, e := range p.FeeExemptions {
		ep := fmt.Sprintf("%s.fee_exemptions[%d]", path, j)
		v.text(ep+".who", e.Who, required, MaxNameRunes, singleLine)
		v.nonEmptySource(ep+".source", e.Source)
	}
	v.texts(path+".documents", p.Documents)
	v.texts(path+".steps", p.Steps)
	v.text(path+".result", p.Result, optional, MaxTextRunes, multiLine)
	for j, s := range p.LegalBasis {
		v.nonEmpty(fmt.Sprintf("%s.legal_basis[%d]", path, j), s, MaxTextRunes)
	}
	if p.Online != "" && p.Online != contract.OnlineFull && p.Online != contract.OnlinePartial {
		v.add(path+".online", `mức trực tuyến phải là "", "toan_trinh" hoặc "mot_phan" / online must be "", "toan_trinh" or "mot_phan"`)
	}
	v.url(path+".guidance_url", p.GuidanceURL)
	if _, ok := contract.ParseCutoff(p.SameDayCutoff); p.SameDayCutoff != "" && !ok {
		v.add(path+".same_day_cutoff", fmt.Sprintf("giờ nhận trả trong ngày %q phải có dạng HH:MM từ 00:00 đến 23:59 / same-day cut-off %q must be HH:MM between 00:00 and 23:59", p.SameDayCutoff, p.SameDayCutoff))
	}
	v.text(path+".short_name", p.ShortName, optional, MaxShortRunes, singleLine)
	if len(p.Keywords) > MaxKeywords {
		v.add(path+".keywords", fmt.Sprintf("quá nhiều từ khoá, tối đa %d / too many keywords, at most %d", MaxKeywords, MaxKeywords))
	}
	for j, k := range p.Keywords {
		v.nonEmpty(fmt.Sprintf("%s.keywords[%d]", path, j), k, MaxKeywordRunes)
	}
}

func (v *validator) texts(path string, items []contract.Text) {
	for j, t := range items {
		v.text(fmt.Sprintf("%s[%d]", path, j), t, required, MaxTextRunes, singleLine)
	}
}

func (v *validator) url(path, s string) {
	if s == "" {
		return
	}
	if !v.str(path, s, MaxTextRunes, singleLine) {
		return
	}
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		v.add(path, "đường dẫn phải là địa chỉ http hoặc https đầy đủ / link must be an absolute http or https URL")
	}
}

func (v *validator) fee(path string, f contract.Fee) {
	v.text(path+".label", f.Label, required, MaxNameRunes, singleLine)
	v.text(path+".unit", f.Unit, optional, MaxNameRunes, singleLine)
	v.text(path+".note", f.Note, optional, MaxTextRunes, multiLine)
	v.text(path+".condition", f.Condition, optional, MaxTextRunes, multiLine)
	v.nonEmptySource(path+".source", f.Source)
	v.period(path, f)
	v.amountBound(path+".amount", f.Amount)
	v.amountBound(path+".cap", f.Cap)
	switch f.Kind {
	case contract.FeeFree:
		v.check(f.Amount == 0, path+".amount", "phí miễn phải có số tiền 0 / a free fee must have amount 0")
	case contract.FeeFlat, contract.FeePerCopy:
		v.check(f.Amount > 0, path+".amount", "số tiền phải lớn hơn 0 / amount must be greater than 0")
	case contract.FeeLocal:
		v.check(f.Amount >= 0, path+".amount", "số tiền không được âm / amount must not be negative")
	case contract.FeePerPage:
		v.perPage(path, f)
		return
	default:
		v.add(path+".kind", "loại phí không hợp lệ (free, flat, per_copy, per_page, local_resolution) / unknown fee kind")
	}
	v.check(len(f.Tiers) == 0, path+".tiers", "bậc giá theo trang chỉ dùng cho per_page / tiers are only for per_page")
	v.check(f.Cap == 0, path+".cap", "mức trần chỉ dùng cho per_page / cap is only for per_page")
}

// period checks a rule's dates and channel: real dates written
// YYYY-MM-DD, a period that does not end before it starts, a known channel.
func (v *validator) period(path string, f contract.Fee) {
	from, okFrom := v.date(path+".from", f.From)
	until, okUntil := v.date(path+".until", f.Until)
	if okFrom && okUntil && f.From != "" && f.Until != "" && until.Before(from) {
		v.add(path+".until", "ngày hết hiệu lực trước ngày có hiệu lực / until is before from")
	}
	if !slices.Contains(contract.FeeChannels, f.Channel) {
		v.add(path+".channel", `kênh nộp phải là "", "in_person" hoặc "online" / channel must be "", "in_person" or "online"`)
	}
}

func (v *validator) date(path, s string) (time.Time, bool) {
	if s == "" {
		return time.Time{}, true
	}
	t, err := time.Parse(contract.DateLayout, s)
	if err != nil || t.Format(contract.DateLayout) != s {
		v.add(path, fmt.Sprintf("ngày %q phải có dạng YYYY-MM-DD / date %q must be YYYY-MM-DD", s, s))
		return time.Time{}, false
	}
	return t, true
}

// overlaps rejects two rules for the same charge that could both hold for
// one dossier on one day (same label, meeting channels, shared days): the
// kiosk could not say which amount applies.
func (v *validator) overlaps(path string, fees []contract.Fee) {
	for i, a := range fees {
		for j := i + 1; j < len(fees); j++ {
			if a.Overlaps(fees[j]) {
				v.add(fmt.Sprintf("%s.fees[%d]", path, j), fmt.Sprintf(
					"trùng thời gian và kênh nộp với fees[%d] cùng tên khoản thu %q / period and channel overlap fees[%d] for the same charge %q",
					i, a.Label.VI, i, a.Label.VI))
			}
		}
	}
}

func (v *validator) perPage(path string, f contract.Fee) {
	v.check(f.Amount == 0, path+".amount", "phí theo trang ghi giá ở các bậc, số tiền phải là 0 / per_page fees state prices in tiers, amount must be 0")
	v.check(f.Cap >= 0, path+".cap", "mức trần không được âm / cap must not be negative")
	if len(f.Tiers) == 0 {
		v.add(path+".tiers", "phí theo trang cần ít nhất một bậc giá / per_page fee needs at least one tier")
		return
	}
	for k, t := range f.Tiers {
		tp := fmt.Sprintf("%s.tiers[%d]", path, k)
		switch {
		case k == 0 && t.FromPage != 1:
			v.add(tp+".from_page", "bậc đầu tiên phải bắt đầu từ trang 1 / the first tier must start at page 1")
		case k > 0 && t.FromPage <= f.Tiers[k-1].FromPage:
			v.add(tp+".from_page", "các bậc phải có số trang tăng dần / tiers must start at strictly increasing pages")
		}
		v.check(t.Amount > 0, tp+".amount", "số tiền phải lớn hơn 0 / amount must be greater than 0")
		v.amountBound(tp+".amount", t.Amount)
	}
}

func (v *validator) amountBound(path string, n int64) {
	v.check(n <= MaxAmount, path, "số tiền quá lớn (tối đa 1.000.000.000.000 đ) / amount too large (at most 1e12)")
}

func (v *validator) check(ok bool, path, msg string) {
	if !ok {
		v.add(path, msg)
	}
}

func (v *validator) queues(queues []contract.Queue, procs []contract.Procedure, codes map[string]bool) map[string]bool {
	prefixes := make(map[string]bool, len(queues))
	inQueue := make(map[string]bool, len(procs))
	for i, q := range queues {
		path := fmt.Sprintf("queues[%d]", i)
		switch {
		case !isPrefix(q.Prefix):
			v.add(path+".prefix", "ký hiệu hàng đợi phải là một chữ in hoa A–Z / queue prefix must be one upper-case letter A–Z")
		case prefixes[q.Prefix]:
			v.add(path+".prefix", "trùng ký hiệu hàng đợi / duplicate queue prefix")
		}
		prefixes[q.Prefix] = true
		v.text(path+".name", q.Name, required, MaxNameRunes, singleLine)
		for j, code := range q.Procedures {
			pp := fmt.Sprintf("%s.procedures[%d]", path, j)
			switch {
			case !codes[code]:
				v.add(pp, "không có thủ tục này / no such procedure")
			case inQueue[code]:
				v.add(pp, "thủ tục đã thuộc một hàng đợi khác hoặc bị lặp / procedure already in a queue")
			}
			inQueue[code] = true
		}
	}
	for i, p := range procs {
		if !inQueue[p.Code] {
			v.add(fmt.Sprintf("procedures[%d]", i), "thủ tục chưa thuộc hàng đợi nào / procedure is in no queue")
		}
	}
	return prefixes
}

func isPrefix(s string) bool {
	return len(s) == 1 && s[0] >= 'A' && s[0] <= 'Z'
}

func (v *validator) counters(counters []contract.Counter, prefixes map[string]bool) {
	numbers := make(map[int]bool, len(counters))
	for i, k := range counters {
		path := fmt.Sprintf("counters[%d]", i)
		switch {
		case k.Number < 1 || k.Number > 999:
			v.add(path+".number", "số quầy phải từ 1 đến 999 / counter number must be 1–999")
		case numbers[k.Number]:
			v.add(path+".number", "trùng số quầy / duplicate counter number")
		}
		numbers[k.Number] = true
		v.text(path+".name", k.Name, required, MaxNameRunes, singleLine)
		served := make(map[string]bool, len(k.Queues))
		for j, q := range k.Queues {
			qp := fmt.Sprintf("%s.queues[%d]", path, j)
			switch {
			case !prefixes[q]:
				v.add(qp, "không có hàng đợi này / no such queue")
			case served[q]:
				v.add(qp, "hàng đợi bị lặp / queue listed twice")
			}
			served[q] = true
		}
	}
}

// served checks that no citizen can take a ticket that no counter calls.
func (v *validator) served(queues []contract.Queue, counters []contract.Counter) {
	serving := make(map[string]bool)
	for _, k := range counters {
		for _, q := range k.Queues {
			serving[q] = true
		}
	}
	for i, q := range queues {
		if len(q.Procedures) > 0 && !serving[q.Prefix] {
			v.add(fmt.Sprintf("queues[%d]", i), "không quầy nào phục vụ hàng đợi này / no counter serves this queue")
		}
	}
}

// Text and string checks.

const (
	required   = true
	optional   = false
	singleLine = false
	multiLine  = true
)

// text checks a bilingual text: Vietnamese is required where the contract
// says so, and English never stands without Vietnamese because screens fall
// back to Vietnamese, never the other way.
func (v *validator) text(path string, t contract.Text, req bool, max int, multi bool) {
	switch {
	case t.VI == "" && req:
		v.add(path+".vi", "thiếu nội dung tiếng Việt / Vietnamese text missing")
	case t.VI == "" && t.EN != "":
		v.add(path+".vi", "có tiếng Anh nhưng thiếu tiếng Việt / English given without Vietnamese")
	}
	v.str(path+".vi", t.VI, max, multi)
	v.str(path+".en", t.EN, max, multi)
}

func (v *validator) nonEmpty(path, s string, max int) {
	if s == "" {
		v.add(path, "không được để trống / must not be empty")
		return
	}
	v.str(path, s, max, singleLine)
}

func (v *validator) nonEmptySource(path, s string) {
	if s == "" {
		v.add(path, "thiếu căn cứ pháp lý của khoản thu / fee source missing")
		return
	}
	v.str(path, s, MaxNameRunes, singleLine)
}

// str checks one string and reports at most one problem for it. Strings
// must be valid UTF-8 without control characters (newline is allowed in
// multi-line texts), without surrounding spaces (spreadsheets drop them, so
// they could not survive an export), and not too long.
func (v *validator) str(path, s string, max int, multi bool) bool {
	switch {
	case !utf8.ValidString(s):
		v.add(path, "không phải UTF-8 hợp lệ / not valid UTF-8")
	case hasControl(s, multi) || safetext.Problem(s) != "":
		v.add(path, "chứa ký tự điều khiển / contains control characters")
	case s != strings.TrimSpace(s):
		v.add(path, "có khoảng trắng ở đầu hoặc cuối / leading or trailing spaces")
	case utf8.RuneCountInString(s) > max:
		v.add(path, fmt.Sprintf("quá dài, tối đa %d ký tự / too long, at most %d characters", max, max))
	default:
		return true
	}
	return false
}

// hasControl tells a control character (newline allowed in multi-line
// texts); safetext.Problem adds the bidirectional overrides.
func hasControl(s string, multi bool) bool {
	for _, r := range s {
		if r == '\n' && multi {
			continue
		}
		if unicode.IsControl(r) {
			return true
		}
	}
	return false
}
