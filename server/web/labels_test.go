package web_test

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"unicode"
)

// vietnamese tells a Vietnamese UI string from an English or code one: it
// has a letter with a diacritic or đ.
func vietnamese(s string) bool {
	for _, r := range s {
		if r > unicode.MaxASCII && unicode.IsLetter(r) {
			return true
		}
	}
	return false
}

// Pages and scripts the English check covers. The waiting-room board is
// Vietnamese only by design (citizens read it), and vnnumber.js spells
// numbers for the Vietnamese announcement.
var (
	labelTemplates = []string{"layout", "login", "staff", "forbidden", "admin-today", "admin-catalogue",
		"admin-settings", "admin-users", "admin-devices", "admin-audit"}
	labelScripts = []string{"common.js", "login.js", "staff.js", "figures.js", "admin.js"}
	// untranslated are Vietnamese strings that stay as they are in English:
	// the language button names the other language in that language, the
	// currency is the đồng, and a new fee starts with catalogue content.
	untranslated = map[string]bool{"Tiếng Việt": true, " đồng": true, "Lệ phí": true, "English / Tiếng Việt": true}
)

var (
	templateAction = regexp.MustCompile(`\{\{.*?\}\}`)
	textNode       = regexp.MustCompile(`>([^<]*)<`)
	// attrText finds the attributes a screen reader or the eye reads.
	attrText = regexp.MustCompile(`\b(aria-label|title|placeholder)="([^"]*)"`)
)

// TestEveryLabelHasEnglish: each Vietnamese text in a page template is
// inside an element with data-en (each read attribute has its
// data-en-label/-title/-placeholder), and each Vietnamese string in the
// scripts is t('vi', 'en') or a ['vi', 'en'] pair, so the English toggle
// leaves nothing behind.
func TestEveryLabelHasEnglish(t *testing.T) {
	for _, name := range labelTemplates {
		raw, err := os.ReadFile(filepath.Join("templates", name+".html"))
		if err != nil {
			t.Fatal(err)
		}
		// Template output is data (names, procedures), not a label.
		src := templateAction.ReplaceAllStringFunc(string(raw), func(m string) string { return strings.Repeat(" ", len(m)) })
		for _, m := range textNode.FindAllStringSubmatchIndex(src, -1) {
			text := strings.TrimSpace(src[m[2]:m[3]])
			if !vietnamese(text) || untranslated[text] {
				continue
			}
			tag := src[strings.LastIndex(src[:m[0]+1], "<"):m[0]]
			if strings.HasPrefix(tag, "</") || !strings.Contains(tag, "data-en=") {
				t.Errorf("%s.html line %d: %q has no data-en", name, strings.Count(src[:m[0]], "\n")+1, text)
			}
		}
		for _, tag := range regexp.MustCompile(`<[a-z][^>]*>`).FindAllString(src, -1) {
			for _, a := range attrText.FindAllStringSubmatch(tag, -1) {
				key := map[string]string{"aria-label": "label", "title": "title", "placeholder": "placeholder"}[a[1]]
				if vietnamese(a[2]) && !untranslated[a[2]] && !strings.Contains(tag, "data-en-"+key+"=") {
					t.Errorf("%s.html: %s=%q has no data-en-%s", name, a[1], a[2], key)
				}
			}
		}
	}
	for _, name := range labelScripts {
		raw, err := os.ReadFile(filepath.Join("static", name))
		if err != nil {
			t.Fatal(err)
		}
		for _, lit := range jsStrings(string(raw)) {
			if !vietnamese(lit.text) || untranslated[lit.text] {
				continue
			}
			if !lit.paired {
				t.Errorf("%s line %d: %q is not t('vi', 'en') or a ['vi', 'en'] pair", name, lit.line, lit.text)
			}
		}
	}
}

// jsString is a string literal of a script: its text outside any ${…}, and
// whether it opens a Vietnamese/English pair: t('vi', 'en') or ['vi', 'en'].
type jsString struct {
	text   string
	line   int
	paired bool
}

var englishNext = regexp.MustCompile("^\\s*,\\s*['\"`]")

// jsStrings lists a script's string literals, skipping comments. It is a
// small lexer for the project's own scripts, not for any JavaScript.
func jsStrings(src string) []jsString {
	var out []jsString
	english := false // the literal is the English half of a pair
	for i := 0; i < len(src); i++ {
		switch c := src[i]; {
		case strings.HasPrefix(src[i:], "//"):
			i += strings.IndexByte(src[i:]+"\n", '\n')
		case strings.HasPrefix(src[i:], "/*"):
			i += strings.Index(src[i:]+"*/", "*/") + 1
		case c == '\'' || c == '"' || c == '`':
			end, text := closeString(src, i)
			before := strings.TrimRight(src[:i], " \t\n")
			paired := english || (strings.HasSuffix(before, "t(") || strings.HasSuffix(before, "[")) && englishNext.MatchString(src[end+1:])
			english = paired && !english
			out = append(out, jsString{text: text, line: strings.Count(src[:i], "\n") + 1, paired: paired})
			i = end
		}
	}
	return out
}

// closeString finds the end of the literal opening at src[start] and its
// text, leaving out what is inside ${…}: code there (a t(…) call, a number)
// is not the literal's own text, and is not checked.
func closeString(src string, start int) (int, string) {
	q := src[start]
	var text strings.Builder
	for i := start + 1; i < len(src); i++ {
		switch {
		case src[i] == '\\':
			i++
		case src[i] == q:
			return i, text.String()
		case q == '`' && strings.HasPrefix(src[i:], "${"):
			depth := 0
			for ; i < len(src); i++ {
				if src[i] == '{' {
					depth++
				} else if src[i] == '}' {
					if depth--; depth == 0 {
						break
					}
				}
			}
		default:
			text.WriteByte(src[i])
		}
	}
	return len(src), text.String()
}
