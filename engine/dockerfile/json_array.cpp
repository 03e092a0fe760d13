#include "dockerfile/json_array.h"

namespace berth::dockerfile {

namespace {

bool isJsonSpace(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

int hexValue(char c) {
    if (c >= '0' && c <= '9') {
        return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
        return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
        return c - 'A' + 10;
    }
    return -1;
}

void appendUtf8(std::string& out, unsigned codePoint) {
    if (codePoint < 0x80) {
        out.push_back(static_cast<char>(codePoint));
    } else if (codePoint < 0x800) {
        out.push_back(static_cast<char>(0xC0 | (codePoint >> 6)));
        out.push_back(static_cast<char>(0x80 | (codePoint & 0x3F)));
    } else if (codePoint < 0x10000) {
        out.push_back(static_cast<char>(0xE0 | (codePoint >> 12)));
        out.push_back(static_cast<char>(0x80 | ((codePoint >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (codePoint & 0x3F)));
    } else {
        out.push_back(static_cast<char>(0xF0 | (codePoint >> 18)));
        out.push_back(static_cast<char>(0x80 | ((codePoint >> 12) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | ((codePoint >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (codePoint & 0x3F)));
    }
}

class ArrayDecoder {
public:
    explicit ArrayDecoder(std::string_view text)
        : text_(text) {}

    // Elements as (decoded text, begin, end) byte offsets of the quoted string.
    struct Element {
        std::string text;
        std::size_t begin;
        std::size_t end;
    };

    std::optional<std::vector<Element>> decode() {
        skipSpaces();
        if (!consume('[')) {
            return std::nullopt;
        }
        std::vector<Element> elements;
        skipSpaces();
        if (consume(']')) {
            return finish(std::move(elements));
        }
        while (true) {
            skipSpaces();
            const std::size_t begin = pos_;
            auto text = readString();
            if (!text) {
                return std::nullopt;
            }
            elements.push_back({std::move(*text), begin, pos_});
            skipSpaces();
            if (consume(']')) {
                return finish(std::move(elements));
            }
            if (!consume(',')) {
                return std::nullopt;
            }
        }
    }

private:
    std::optional<std::vector<Element>> finish(std::vector<Element> elements) {
        skipSpaces();
        if (pos_ != text_.size()) {
            return std::nullopt;
        }
        return elements;
    }

    void skipSpaces() {
        while (pos_ < text_.size() && isJsonSpace(text_[pos_])) {
            ++pos_;
        }
    }

    bool consume(char c) {
        if (pos_ < text_.size() && text_[pos_] == c) {
            ++pos_;
            return true;
        }
        return false;
    }

    std::optional<unsigned> readHex4() {
        if (pos_ + 4 > text_.size()) {
            return std::nullopt;
        }
        unsigned value = 0;
        for (int i = 0; i < 4; ++i) {
            const int digit = hexValue(text_[pos_++]);
            if (digit < 0) {
                return std::nullopt;
            }
            value = value * 16 + static_cast<unsigned>(digit);
        }
        return value;
    }

    bool readEscape(std::string& out) {
        if (pos_ >= text_.size()) {
            return false;
        }
        const char c = text_[pos_++];
        switch (c) {
        case '"':
        case '\\':
        case '/':
            out.push_back(c);
            return true;
        case 'b':
            out.push_back('\b');
            return true;
        case 'f':
            out.push_back('\f');
            return true;
        case 'n':
            out.push_back('\n');
            return true;
        case 'r':
            out.push_back('\r');
            return true;
        case 't':
            out.push_back('\t');
            return true;
        case 'u':
            return readUnicodeEscape(out);
        default:
            return false;
        }
    }

    bool readUnicodeEscape(std::string& out) {
        auto high = readHex4();
        if (!high) {
            return false;
        }
        unsigned codePoint = *high;
        if (codePoint >= 0xD800 && codePoint < 0xDC00 && text_.substr(pos_).starts_with("\\u")) {
            pos_ += 2;
            auto low = readHex4();
            if (!low || *low < 0xDC00 || *low >= 0xE000) {
                return false;
            }
            codePoint = 0x10000 + ((codePoint - 0xD800) << 10) + (*low - 0xDC00);
        }
        appendUtf8(out, codePoint);
        return true;
    }

    std::optional<std::string> readString() {
        if (!consume('"')) {
            return std::nullopt;
        }
        std::string out;
        while (pos_ < text_.size()) {
            const char c = text_[pos_++];
            if (c == '"') {
                return out;
            }
            if (static_cast<unsigned char>(c) < 0x20) {
                return std::nullopt; // JSON forbids raw control characters in strings
            }
            if (c == '\\') {
                if (!readEscape(out)) {
                    return std::nullopt;
                }
                continue;
            }
            out.push_back(c);
        }
        return std::nullopt;
    }

    std::string_view text_;
    std::size_t pos_ = 0;
};

} // namespace

std::optional<std::vector<Word>> decodeJsonArray(const Node& node) {
    auto elements = ArrayDecoder(node.arguments).decode();
    if (!elements) {
        return std::nullopt;
    }
    std::vector<Word> words;
    for (auto& element : *elements) {
        words.push_back({std::move(element.text), argumentRange(node, element.begin, element.end),
                         element.begin});
    }
    return words;
}

} // namespace berth::dockerfile
