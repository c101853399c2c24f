package safetext

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
)

// CheckJSON walks a JSON document and refuses what encoding/json would
// silently accept: an object with the same key twice (Go keeps the last,
// another reader the first: {"role":"admin","role":"staff"} must not mean
// one thing to the check and another to the store) and any string, key or
// value, that Problem refuses. Syntax errors are left to the decoder that
// follows, which words them better.
func CheckJSON(data []byte) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	w := walker{dec: dec}
	err := w.value("")
	if errors.Is(err, errSyntax) {
		return nil
	}
	return err
}

var errSyntax = errors.New("syntax")

type walker struct{ dec *json.Decoder }

func (w *walker) token() (json.Token, error) {
	t, err := w.dec.Token()
	if err != nil {
		return nil, errSyntax // io.EOF included: the document ended early
	}
	return t, nil
}

func (w *walker) value(path string) error {
	t, err := w.token()
	if err != nil {
		return err
	}
	return w.after(path, t)
}

func (w *walker) after(path string, t json.Token) error {
	switch v := t.(type) {
	case json.Delim:
		if v == '{' {
			return w.object(path)
		}
		if v == '[' {
			return w.array(path)
		}
		return errSyntax
	case string:
		if p := Problem(v); p != "" {
			return fmt.Errorf("%s: %s", where(path), p)
		}
	}
	return nil
}

func (w *walker) object(path string) error {
	seen := map[string]bool{}
	for w.dec.More() {
		t, err := w.token()
		if err != nil {
			return err
		}
		key, ok := t.(string)
		if !ok {
			return errSyntax
		}
		sub := path + "." + key
		if p := Problem(key); p != "" {
			return fmt.Errorf("%s: %s", where(path), p)
		}
		if seen[key] {
			return fmt.Errorf("%s: khoá %q xuất hiện hai lần / key %q appears twice", where(path), key, key)
		}
		seen[key] = true
		if err := w.value(sub); err != nil {
			return err
		}
	}
	_, err := w.token() // '}'
	return err
}

func (w *walker) array(path string) error {
	for i := 0; w.dec.More(); i++ {
		if err := w.value(fmt.Sprintf("%s[%d]", path, i)); err != nil {
			return err
		}
	}
	_, err := w.token() // ']'
	return err
}

func where(path string) string {
	if path == "" {
		return "JSON"
	}
	return path[1:]
}
