package announce

import (
	"math"
	"strconv"
	"strings"
	"unicode"
)

// DefaultTemplate is the sentence read for a call when the centre has not set
// its own; {number} is the ticket and {counter} the counter, both in words.
const DefaultTemplate = "Xin mời công dân có số thứ tự {number} đến quầy số {counter}"

// MaxNumber is the largest number ReadNumber reads as a whole; tickets and
// counters never come near it, and larger values are read digit by digit so
// that nothing is ever left unsaid.
const MaxNumber = 999999

var digitWords = [10]string{"không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín"}

// LetterStyle says how a ticket's letter prefix is written into the sentence
// handed to the speech synthesiser.
type LetterStyle int

const (
	// LetterNames writes the Vietnamese name of the letter ("bê" for B), so a
	// synthesiser that does not know Latin letter names (or reads them the
	// English way) still says what a Vietnamese listener expects.
	LetterNames LetterStyle = iota
	// LetterAsWritten writes the letter itself ("B"), for a synthesiser that
	// already names letters correctly or a recorded-voice player keyed by
	// letter.
	LetterAsWritten
)

// letterNames are the names a Vietnamese speaker uses when reading a letter
// aloud. D is "đê", not the school name "dê": in the northern accent of Hải
// Phòng "dê" sounds the same as G's "giê", and two queues must never sound
// alike. (Đ is also "đê"; do not use both D and Đ as queue prefixes.)
var letterNames = map[rune]string{
	'A': "a", 'Ă': "á", 'Â': "ớ", 'B': "bê", 'C': "xê", 'D': "đê", 'Đ': "đê",
	'E': "e", 'Ê': "ê", 'F': "ép", 'G': "giê", 'H': "hát", 'I': "i",
	'J': "gi", 'K': "ca", 'L': "e lờ", 'M': "em mờ", 'N': "en nờ", 'O': "o",
	'Ô': "ô", 'Ơ': "ơ", 'P': "pê", 'Q': "quy", 'R': "e rờ", 'S': "ét xì",
	'T': "tê", 'U': "u", 'Ư': "ư", 'V': "vê", 'W': "vê kép", 'X': "ích xì",
	'Y': "i dài", 'Z': "dét",
}

// Reader turns numbers, tickets and call templates into Vietnamese words.
// Its zero value reads a zero tens digit as "lẻ" and letters by their
// names; the fields exist because centres and voices differ.
type Reader struct {
	// Linh reads a zero tens digit as "linh" (101 "một trăm linh một"), as
	// northern speakers do (Hải Phòng, see the project's domain notes),
	// instead of the southern "lẻ". The kiosk sets it; the board keeps the
	// zero value until the centre decides (both read "nghìn", not "ngàn").
	Linh bool
	// Letters chooses letter names (default) or the letters themselves.
	Letters LetterStyle
	// LetterNames overrides the name of single letters, keyed by the upper
	// case letter, e.g. {'D': "dê"}, when a centre prefers another name.
	LetterNames map[rune]string
}

// ReadNumber reads n in Vietnamese with the default Reader; see
// Reader.ReadNumber.
func ReadNumber(n int) string { return Reader{}.ReadNumber(n) }

// ReadTicket reads a ticket number such as "B007" with the default Reader;
// see Reader.ReadTicket.
func ReadTicket(number string) string { return Reader{}.ReadTicket(number) }

// Render fills a call template with the default Reader; see Reader.Render.
func Render(template, number string, counter int) string {
	return Reader{}.Render(template, number, counter)
}

// ReadNumber reads n the way a Vietnamese speaker says it: 15 "mười lăm",
// 21 "hai mươi mốt", 24 "hai mươi tư", 105 "một trăm lẻ năm", 1005 "một
// nghìn không trăm lẻ năm". Numbers from 0 to MaxNumber are read as a whole,
// negative ones with "âm"; anything larger is read digit by digit.
func (r Reader) ReadNumber(n int) string {
	switch {
	case n < 0 && n >= -MaxNumber:
		return "âm " + r.ReadNumber(-n)
	case n < 0 || n > MaxNumber:
		return readDigits(strconv.Itoa(n))
	case n == 0:
		return digitWords[0]
	case n < 1000:
		return r.group(n, false)
	}
	s := r.group(n/1000, false) + " nghìn"
	if rest := n % 1000; rest > 0 {
		s += " " + r.group(rest, true)
	}
	return s
}

// group reads 1..999. full says a higher group came before, so a zero
// hundreds digit must still be said ("không trăm"), as in 1005.
func (r Reader) group(n int, full bool) string {
	hundreds, tens, units := n/100, n/10%10, n%10
	var w []string
	if hundreds > 0 || full {
		w = append(w, digitWords[hundreds], "trăm")
	}
	switch {
	case tens == 0 && units == 0:
	case tens == 0:
		if len(w) > 0 {
			w = append(w, r.zeroTens())
		}
		w = append(w, digitWords[units])
	case tens == 1:
		w = append(w, "mười")
		w = appendUnit(w, units, false)
	default:
		w = append(w, digitWords[tens], "mươi")
		w = appendUnit(w, units, true)
	}
	return strings.Join(w, " ")
}

// appendUnit adds the units digit after "mười" or "mươi", where Vietnamese
// changes its sound: 5 is "lăm", and after "mươi" 1 is "mốt" and 4 "tư".
func appendUnit(w []string, units int, muoi bool) []string {
	switch {
	case units == 0:
		return w
	case units == 5:
		return append(w, "lăm")
	case muoi && units == 1:
		return append(w, "mốt")
	case muoi && units == 4:
		return append(w, "tư")
	}
	return append(w, digitWords[units])
}

func (r Reader) zeroTens() string {
	if r.Linh {
		return "linh"
	}
	return "lẻ"
}

// readDigits reads every digit on its own, for numbers too long to say whole.
func readDigits(s string) string {
	var w []string
	for _, c := range s {
		switch {
		case c == '-':
			w = append(w, "âm")
		case isDigit(c):
			w = append(w, digitWords[c-'0'])
		}
	}
	return strings.Join(w, " ")
}

// ReadTicket reads a ticket as it is called in Vietnamese centres: each
// letter by its name, each leading zero as "không", then the rest as one
// number, so "A025" is "a không hai mươi lăm" and "B007" "bê không không
// bảy". Spaces and punctuation are not read.
func (r Reader) ReadTicket(number string) string {
	runes := []rune(number)
	var w []string
	for i := 0; i < len(runes); {
		switch c := runes[i]; {
		case isDigit(c):
			j := i
			for j < len(runes) && isDigit(runes[j]) {
				j++
			}
			w = append(w, r.readDigitRun(string(runes[i:j])))
			i = j
		case unicode.IsLetter(c):
			w = append(w, r.letter(c))
			i++
		default:
			i++
		}
	}
	return strings.Join(w, " ")
}

// readDigitRun reads "007" as "không không bảy": the zeros are part of the
// printed ticket, and citizens compare what they hear with what they hold.
func (r Reader) readDigitRun(s string) string {
	rest := strings.TrimLeft(s, "0")
	zeros := strings.Repeat(digitWords[0]+" ", len(s)-len(rest))
	if rest == "" {
		return strings.TrimSpace(zeros)
	}
	n, err := strconv.Atoi(rest)
	if err != nil || n > MaxNumber {
		return zeros + readDigits(rest)
	}
	return zeros + r.ReadNumber(n)
}

func (r Reader) letter(c rune) string {
	up := unicode.ToUpper(c)
	if r.Letters == LetterAsWritten {
		return string(up)
	}
	if name, ok := r.LetterNames[up]; ok {
		return name
	}
	if name, ok := letterNames[up]; ok {
		return name
	}
	return string(up)
}

// Render fills template's {number} with the ticket and {counter} with the
// counter, both in words, so the synthesiser never has to guess how to read
// digits. An empty template means DefaultTemplate.
func (r Reader) Render(template, number string, counter int) string {
	if strings.TrimSpace(template) == "" {
		template = DefaultTemplate
	}
	return strings.NewReplacer(
		"{number}", r.ReadTicket(number),
		"{counter}", r.ReadNumber(counter),
	).Replace(template)
}

// MaxAmount is the largest sum ReadAmount reads as a whole: just under a
// thousand tỷ đồng, far above any fee.
const MaxAmount = 999_999_999_999

// ReadAmount reads n with "triệu" (million) and "tỷ" (billion) as well,
// for sums of money, where ReadNumber would fall back to digits above
// MaxNumber: 1500000 is "một triệu năm trăm nghìn", 1000005 "một triệu
// không trăm lẻ năm". A group of three zeros is skipped, and the group
// after it is read in full ("không trăm …"), as Vietnamese speakers do.
// Up to MaxNumber it says exactly what ReadNumber says; negative sums and
// sums above MaxAmount are read as ReadNumber reads them.
func (r Reader) ReadAmount(n int64) string {
	if n <= MaxNumber || n > MaxAmount {
		if n >= math.MinInt && n <= math.MaxInt {
			return r.ReadNumber(int(n))
		}
		return readDigits(strconv.FormatInt(n, 10))
	}
	groups := [...]int64{n / 1_000_000_000, n / 1_000_000 % 1000, n / 1000 % 1000, n % 1000}
	scales := [...]string{"tỷ", "triệu", "nghìn", ""}
	var w []string
	for i, g := range groups {
		if g == 0 {
			continue
		}
		w = append(w, r.group(int(g), len(w) > 0))
		if scales[i] != "" {
			w = append(w, scales[i])
		}
	}
	return strings.Join(w, " ")
}

func isDigit(c rune) bool { return c >= '0' && c <= '9' }
