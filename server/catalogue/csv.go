package catalogue

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"motcua/server/contract"
	"motcua/server/safetext"
)

// The columns of the catalogue spreadsheet, in the order EncodeCSV writes
// them. One file holds the whole catalogue; the "type" column says which
// kind of entry a row is. FORMAT.md documents every column.
const (
	colType = iota
	colID
	colNameVI
	colNameEN
	colField
	colTimeVI
	colTimeEN
	colFees
	colDocsVI
	colDocsEN
	colStepsVI
	colStepsEN
	colResultVI
	colResultEN
	colLegal
	colOnline
	colURL
	colSameDay
	colHome
	colCommon
	colMembers
	colIcon
	colShortVI
	colShortEN
	colKeywords
	colExemptions
	colCutoff
	numCols
)

var columns = [numCols]string{
	"type", "id", "name_vi", "name_en", "field",
	"processing_time_vi", "processing_time_en", "fees",
	"documents_vi", "documents_en", "steps_vi", "steps_en",
	"result_vi", "result_en", "legal_basis", "online", "guidance_url",
	"same_day_wednesday", "home_service", "common", "members", "icon",
	"short_name_vi", "short_name_en", "keywords", "fee_exemptions", "same_day_cutoff",
}

// Row types.
const (
	typeField     = "field"
	typeProcedure = "procedure"
	typeQueue     = "queue"
	typeCounter   = "counter"
)

// usedBy lists the columns each row type may fill; a value in any other
// column is reported, because it usually means the columns were shifted.
var usedBy = map[string][]int{
	typeField:     {colID, colNameVI, colNameEN, colIcon},
	typeProcedure: {colID, colNameVI, colNameEN, colField, colTimeVI, colTimeEN, colFees, colDocsVI, colDocsEN, colStepsVI, colStepsEN, colResultVI, colResultEN, colLegal, colOnline, colURL, colSameDay, colHome, colCommon, colShortVI, colShortEN, colKeywords, colExemptions, colCutoff},
	typeQueue:     {colID, colNameVI, colNameEN, colMembers},
	typeCounter:   {colID, colNameVI, colNameEN, colMembers},
}

const bom = "\uFEFF"

// EncodeCSV writes the whole catalogue as one spreadsheet-friendly CSV file:
// UTF-8 with a byte-order mark (so Excel reads Vietnamese correctly), comma
// separated, one header row, then fields, procedures, queues and counters in
// catalogue order. Lists inside a cell are one item per line. Version is
// not written: the server assigns it on import.
func EncodeCSV(w io.Writer, c contract.Catalogue) error {
	bw := bufio.NewWriter(w)
	if _, err := bw.WriteString(bom); err != nil {
		return err
	}
	cw := csv.NewWriter(bw)
	rows := [][]string{columns[:]}
	for _, f := range c.Fields {
		rows = append(rows, fieldRow(f))
	}
	for _, p := range c.Procedures {
		rows = append(rows, procedureRow(p))
	}
	for _, q := range c.Queues {
		rows = append(rows, memberRow(typeQueue, q.Prefix, q.Name, q.Procedures))
	}
	for _, k := range c.Counters {
		rows = append(rows, memberRow(typeCounter, strconv.Itoa(k.Number), k.Name, k.Queues))
	}
	for _, row := range rows[1:] {
		for i := range row {
			row[i] = safetext.DefuseCell(row[i])
		}
	}
	if err := cw.WriteAll(rows); err != nil {
		return fmt.Errorf("catalogue: writing CSV: %w", err)
	}
	return bw.Flush()
}

func newRow(typ, id string, name contract.Text) []string {
	row := make([]string, numCols)
	row[colType], row[colID] = typ, id
	row[colNameVI], row[colNameEN] = name.VI, name.EN
	return row
}

func fieldRow(f contract.Field) []string {
	row := newRow(typeField, f.ID, f.Name)
	row[colIcon] = f.Icon
	return row
}

func memberRow(typ, id string, name contract.Text, members []string) []string {
	row := newRow(typ, id, name)
	row[colMembers] = strings.Join(members, "\n")
	return row
}

func procedureRow(p contract.Procedure) []string {
	row := newRow(typeProcedure, p.Code, p.Name)
	row[colField] = p.Field
	row[colTimeVI], row[colTimeEN] = p.ProcessingTime.VI, p.ProcessingTime.EN
	fees := make([]string, len(p.Fees))
	for i, f := range p.Fees {
		fees[i] = FormatFee(f)
	}
	row[colFees] = strings.Join(fees, "\n")
	row[colDocsVI], row[colDocsEN] = joinTexts(p.Documents)
	row[colStepsVI], row[colStepsEN] = joinTexts(p.Steps)
	row[colResultVI], row[colResultEN] = p.Result.VI, p.Result.EN
	row[colLegal] = strings.Join(p.LegalBasis, "\n")
	row[colOnline] = p.Online
	row[colURL] = p.GuidanceURL
	row[colSameDay], row[colHome], row[colCommon] = yesNo(p.SameDayWednesday), yesNo(p.HomeService), yesNo(p.Common)
	row[colShortVI], row[colShortEN] = p.ShortName.VI, p.ShortName.EN
	row[colKeywords] = strings.Join(p.Keywords, "\n")
	ex := make([]string, len(p.FeeExemptions))
	for i, e := range p.FeeExemptions {
		ex[i] = FormatExemption(e)
	}
	row[colExemptions] = strings.Join(ex, "\n")
	row[colCutoff] = p.SameDayCutoff
	return row
}

// joinTexts puts a list of texts into a Vietnamese and an English cell, one
// item per line; the English cell stays empty when no item is translated,
// and otherwise has one line per item so the lines pair up.
func joinTexts(items []contract.Text) (vi, en string) {
	vis := make([]string, len(items))
	ens := make([]string, len(items))
	anyEN := false
	for i, t := range items {
		vis[i], ens[i] = t.VI, t.EN
		anyEN = anyEN || t.EN != ""
	}
	if !anyEN {
		return strings.Join(vis, "\n"), ""
	}
	return strings.Join(vis, "\n"), strings.Join(ens, "\n")
}

func yesNo(b bool) string {
	if b {
		return "1"
	}
	return ""
}

// DecodeCSV reads a catalogue written by EncodeCSV or edited in a
// spreadsheet. A byte-order mark is accepted, columns may be in any order
// and missing ones are empty, and cells are trimmed. It reports every
// problem it finds, each with its CSV line, instead of stopping at the
// first; the result must also pass Validate. Version is left zero.
func DecodeCSV(r io.Reader) (contract.Catalogue, error) {
	data, err := readLimited(r)
	if err != nil {
		return contract.Catalogue{}, err
	}
	d := newCSVDecoder(bytes.TrimPrefix(data, []byte(bom)))
	d.run()
	return d.result()
}

type csvDecoder struct {
	r        *csv.Reader
	cat      contract.Catalogue
	cols     [numCols]int // index in the file of each known column, or -1
	width    int          // number of header cells
	line     int          // line of the row being decoded
	problems []Problem
	lines    map[string]int  // "procedures[3]" → its CSV line
	reported map[string]bool // paths that already have a row-level problem
	limited  map[string]bool // row types whose size limit was reported
}

func newCSVDecoder(data []byte) *csvDecoder {
	r := csv.NewReader(bytes.NewReader(data))
	r.FieldsPerRecord = -1
	return &csvDecoder{r: r, lines: map[string]int{}, reported: map[string]bool{}, limited: map[string]bool{}}
}

// problem records a row-level problem at the current line. Its path is
// remembered so Validate's complaints about the same value are not repeated.
func (d *csvDecoder) problem(path, msg string) {
	d.note(path, msg)
	if path != "" {
		d.reported[path] = true
	}
}

// note records a row-level problem without claiming the value it names.
func (d *csvDecoder) note(path, msg string) {
	if len(d.problems) < MaxProblems {
		d.problems = append(d.problems, Problem{Line: d.line, Path: path, Message: msg})
	}
}

func (d *csvDecoder) run() {
	if !d.header() {
		return
	}
	for {
		rec, err := d.r.Read()
		if err == io.EOF {
			return
		}
		if err != nil {
			d.syntaxError(err)
			return
		}
		d.line, _ = d.r.FieldPos(0)
		d.row(rec)
	}
}

// syntaxError reports a CSV the reader cannot parse (e.g. a stray quote).
// Reading stops there: after broken quoting no later line can be trusted.
func (d *csvDecoder) syntaxError(err error) {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		d.line = pe.Line
	}
	d.problem("", "CSV không đọc được / unreadable CSV: "+err.Error())
}

func (d *csvDecoder) header() bool {
	d.line = 1
	rec, err := d.r.Read()
	if err == io.EOF {
		d.problem("", "thiếu dòng tiêu đề / header row missing")
		return false
	}
	if err != nil {
		d.syntaxError(err)
		return false
	}
	d.line, _ = d.r.FieldPos(0)
	for i := range d.cols {
		d.cols[i] = -1
	}
	d.width = len(rec)
	for i, name := range rec {
		d.headerCell(i, strings.ToLower(strings.TrimSpace(name)))
	}
	if d.cols[colType] < 0 {
		d.problem("", `tiêu đề thiếu cột "type" / header has no "type" column`)
		return false
	}
	return true
}

// headerCell maps one header cell to a known column. Unknown and repeated
// columns are reported but do not stop the import, so every other problem
// is still found; empty header cells (trailing spreadsheet columns) are
// ignored.
func (d *csvDecoder) headerCell(i int, name string) {
	if name == "" {
		return
	}
	for c, known := range columns {
		if name != known {
			continue
		}
		if d.cols[c] >= 0 {
			d.problem("", fmt.Sprintf("cột %q bị lặp / column %q appears twice", name, name))
			return
		}
		d.cols[c] = i
		return
	}
	d.problem("", fmt.Sprintf("cột %q không được hỗ trợ / unknown column %q", name, name))
}

// cell returns a column's raw value in rec, or "" if the file lacks it. The
// apostrophe EncodeCSV puts before a formula character is dropped again.
func (d *csvDecoder) cell(rec []string, col int) string {
	i := d.cols[col]
	if i < 0 || i >= len(rec) {
		return ""
	}
	return safetext.UndefuseCell(rec[i])
}

func (d *csvDecoder) row(rec []string) {
	if blank(rec) {
		return
	}
	typ := strings.TrimSpace(d.cell(rec, colType))
	path, ok := d.pathFor(typ)
	if !ok {
		d.problem("", fmt.Sprintf("loại dòng %q không hợp lệ (field, procedure, queue, counter) / unknown row type %q", typ, typ))
		return
	}
	if d.full(typ) {
		return
	}
	d.lines[path] = d.line
	d.unusedCells(rec, typ, path)
	switch typ {
	case typeField:
		d.cat.Fields = append(d.cat.Fields, d.field(rec))
	case typeProcedure:
		d.cat.Procedures = append(d.cat.Procedures, d.procedure(rec, path))
	case typeQueue:
		d.cat.Queues = append(d.cat.Queues, d.queue(rec))
	case typeCounter:
		d.cat.Counters = append(d.cat.Counters, d.counter(rec, path))
	}
}

// full reports, once per type, a row beyond the catalogue's size limits and
// tells the caller to drop it, so a huge file cannot exhaust memory.
func (d *csvDecoder) full(typ string) bool {
	n, max, path := d.count(typ)
	if n < max {
		return false
	}
	if !d.limited[typ] {
		d.limited[typ] = true
		d.note(path, fmt.Sprintf("quá nhiều dòng loại %s, tối đa %d / too many %s rows, at most %d", typ, max, typ, max))
	}
	return true
}

// count returns how many entries of a row type were read, its limit and
// the path Validate uses for the list.
func (d *csvDecoder) count(typ string) (n, max int, path string) {
	switch typ {
	case typeField:
		return len(d.cat.Fields), MaxFields, "fields"
	case typeProcedure:
		return len(d.cat.Procedures), MaxProcedures, "procedures"
	case typeQueue:
		return len(d.cat.Queues), MaxQueues, "queues"
	default:
		return len(d.cat.Counters), MaxCounters, "counters"
	}
}

func blank(rec []string) bool {
	for _, s := range rec {
		if strings.TrimSpace(s) != "" {
			return false
		}
	}
	return true
}

// pathFor names the entry the next row of a type will become, matching the
// paths Validate uses, so its problems can be traced back to a line.
func (d *csvDecoder) pathFor(typ string) (string, bool) {
	switch typ {
	case typeField:
		return fmt.Sprintf("fields[%d]", len(d.cat.Fields)), true
	case typeProcedure:
		return fmt.Sprintf("procedures[%d]", len(d.cat.Procedures)), true
	case typeQueue:
		return fmt.Sprintf("queues[%d]", len(d.cat.Queues)), true
	case typeCounter:
		return fmt.Sprintf("counters[%d]", len(d.cat.Counters)), true
	}
	return "", false
}

func (d *csvDecoder) unusedCells(rec []string, typ, path string) {
	if len(rec) > d.width && !blank(rec[d.width:]) {
		d.note(path, "dòng có nhiều ô hơn tiêu đề / row has more cells than the header")
	}
	allowed := map[int]bool{colType: true}
	for _, c := range usedBy[typ] {
		allowed[c] = true
	}
	for c := range columns {
		if !allowed[c] && strings.TrimSpace(d.cell(rec, c)) != "" {
			d.note(path+"."+columns[c], fmt.Sprintf("cột %q không dùng cho dòng loại %s / column %q is not used by %s rows", columns[c], typ, columns[c], typ))
		}
	}
}

// get returns a trimmed single-value cell.
func (d *csvDecoder) get(rec []string, col int) string {
	return strings.TrimSpace(d.cell(rec, col))
}

func (d *csvDecoder) text(rec []string, vi, en int) contract.Text {
	return contract.Text{VI: d.get(rec, vi), EN: d.get(rec, en)}
}

func (d *csvDecoder) field(rec []string) contract.Field {
	return contract.Field{ID: d.get(rec, colID), Name: d.text(rec, colNameVI, colNameEN), Icon: d.get(rec, colIcon)}
}

func (d *csvDecoder) queue(rec []string) contract.Queue {
	return contract.Queue{
		Prefix:     d.get(rec, colID),
		Name:       d.text(rec, colNameVI, colNameEN),
		Procedures: items(d.cell(rec, colMembers)),
	}
}

func (d *csvDecoder) counter(rec []string, path string) contract.Counter {
	k := contract.Counter{Name: d.text(rec, colNameVI, colNameEN), Queues: items(d.cell(rec, colMembers))}
	id := d.get(rec, colID)
	n, err := strconv.Atoi(id)
	if err != nil {
		d.problem(path+".number", fmt.Sprintf("số quầy %q phải là số nguyên / counter number %q must be an integer", id, id))
	}
	k.Number = n
	return k
}

func (d *csvDecoder) procedure(rec []string, path string) contract.Procedure {
	p := contract.Procedure{
		Code:           d.get(rec, colID),
		Name:           d.text(rec, colNameVI, colNameEN),
		Field:          d.get(rec, colField),
		ProcessingTime: d.text(rec, colTimeVI, colTimeEN),
		Fees:           d.fees(d.cell(rec, colFees), path),
		Documents:      d.pairs(rec, colDocsVI, colDocsEN, path+".documents"),
		Steps:          d.pairs(rec, colStepsVI, colStepsEN, path+".steps"),
		Result:         d.text(rec, colResultVI, colResultEN),
		LegalBasis:     items(d.cell(rec, colLegal)),
		Online:         d.get(rec, colOnline),
		GuidanceURL:    d.get(rec, colURL),
		ShortName:      d.text(rec, colShortVI, colShortEN),
		Keywords:       items(d.cell(rec, colKeywords)),
		FeeExemptions:  d.exemptions(d.cell(rec, colExemptions), path),
		SameDayCutoff:  d.get(rec, colCutoff),
	}
	p.SameDayWednesday = d.flag(rec, colSameDay, path)
	p.HomeService = d.flag(rec, colHome, path)
	p.Common = d.flag(rec, colCommon, path)
	return p
}

func (d *csvDecoder) fees(cell, path string) []contract.Fee {
	var fees []contract.Fee
	for _, line := range lines(cell) {
		if line == "" {
			continue
		}
		fp := fmt.Sprintf("%s.fees[%d]", path, len(fees))
		f, err := ParseFee(line)
		if err != nil {
			d.problem(fp, err.Error())
		}
		fees = append(fees, f)
	}
	return fees
}

// exemptions reads the fee_exemptions cell, one exempt class per line.
func (d *csvDecoder) exemptions(cell, path string) []contract.FeeExemption {
	var out []contract.FeeExemption
	for _, line := range items(cell) {
		e, err := ParseExemption(line)
		if err != nil {
			d.problem(fmt.Sprintf("%s.fee_exemptions[%d]", path, len(out)), err.Error())
		}
		out = append(out, e)
	}
	return out
}

// pairs reads a list of texts from a Vietnamese and an English cell, line
// by line. Missing English lines are empty translations.
func (d *csvDecoder) pairs(rec []string, vi, en int, path string) []contract.Text {
	vis := trimTrailing(lines(d.cell(rec, vi)))
	ens := trimTrailing(lines(d.cell(rec, en)))
	if len(ens) > len(vis) {
		d.problem(path, fmt.Sprintf("cột %s có nhiều dòng hơn cột %s / %s has more lines than %s",
			columns[en], columns[vi], columns[en], columns[vi]))
	}
	out := make([]contract.Text, len(vis))
	for i := range vis {
		out[i].VI = vis[i]
		if i < len(ens) {
			out[i].EN = ens[i]
		}
	}
	return out
}

func (d *csvDecoder) flag(rec []string, col int, path string) bool {
	switch v := strings.ToLower(d.get(rec, col)); v {
	case "", "0", "false", "không", "khong", "no":
		return false
	case "1", "true", "x", "có", "co", "yes":
		return true
	default:
		d.problem(path+"."+columns[col], fmt.Sprintf("giá trị %q phải là 1 hoặc để trống / value %q must be 1 or empty", v, v))
		return false
	}
}

// lines splits a cell into trimmed lines; spreadsheets on Windows may
// leave a carriage return before each newline.
func lines(cell string) []string {
	if strings.TrimSpace(cell) == "" {
		return nil
	}
	out := strings.Split(cell, "\n")
	for i, l := range out {
		out[i] = strings.TrimSpace(l)
	}
	return out
}

// items reads a one-item-per-line list, skipping empty lines.
func items(cell string) []string {
	var out []string
	for _, l := range lines(cell) {
		if l != "" {
			out = append(out, l)
		}
	}
	return out
}

func trimTrailing(ls []string) []string {
	for len(ls) > 0 && ls[len(ls)-1] == "" {
		ls = ls[:len(ls)-1]
	}
	return ls
}

// result validates the decoded catalogue and merges the problems found by
// Validate with those found while reading rows, each with its line.
func (d *csvDecoder) result() (contract.Catalogue, error) {
	c := d.cat
	Normalize(&c)
	if err := Validate(&c); err != nil {
		var ve *ValidationError
		if !errors.As(err, &ve) {
			return contract.Catalogue{}, err
		}
		d.merge(ve.Problems)
	}
	if len(d.problems) > 0 {
		return contract.Catalogue{}, &ValidationError{Problems: d.problems}
	}
	return c, nil
}

// merge adds validation problems, skipping those about values a row-level
// problem already explained (an unreadable number is not also "out of
// range"), and attaches each to the line of the entry it concerns.
func (d *csvDecoder) merge(ps []Problem) {
	for _, p := range ps {
		if d.covered(p.Path) {
			continue
		}
		p.Line = d.lineOf(p.Path)
		d.problems = append(d.problems, p)
	}
	slices.SortStableFunc(d.problems, func(a, b Problem) int { return a.Line - b.Line })
}

// covered tells whether a row-level problem was reported for path or for
// a value containing it ("procedures[2].fees[0]" covers its ".kind").
func (d *csvDecoder) covered(path string) bool {
	if d.reported[path] {
		return true
	}
	for i := 0; i < len(path); i++ {
		if (path[i] == '.' || path[i] == '[') && d.reported[path[:i]] {
			return true
		}
	}
	return false
}

// lineOf finds the line of the entry a path is inside, e.g. the line of
// "procedures[3]" for "procedures[3].fees[0].amount".
func (d *csvDecoder) lineOf(path string) int {
	end := strings.IndexByte(path, ']')
	if end < 0 {
		return 0
	}
	return d.lines[path[:end+1]]
}
