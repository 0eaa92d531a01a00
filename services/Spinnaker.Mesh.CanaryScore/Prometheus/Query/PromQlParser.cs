using System.Globalization;
using System.Text;

namespace Spinnaker.Mesh.CanaryScore.Prometheus.Query;

/// <summary>
/// A hand-written parser of the PromQL subset Mesh serves: a metric selector with any of the four matchers, optionally
/// inside <c>sum</c>, <c>avg</c>, <c>min</c>, <c>max</c> or <c>count</c> with <c>by (...)</c> or <c>without (...)</c>
/// before or after the parentheses, and arithmetic on numbers alone (Grafana tests a connection with <c>1+1</c>).
/// Anything else is refused with a message naming the construct and what is supported.
/// </summary>
/// <remarks>
/// Two departures, both for the queries Kayenta builds: label values may be unquoted (<c>avg(m{a=b})</c>, from
/// label bindings written as <c>a=b</c>), and metric and label names may contain <c>-</c> between name characters
/// (<c>some-metric-name</c>, <c>my-server-group=x</c>). Real Prometheus reads <c>a-b</c> as a subtraction; the subset
/// has no arithmetic on series, so the only difference is that such a query is answered (usually empty) rather than
/// refused.
/// </remarks>
internal sealed class PromQlParser
{
    public const string Supported =
        "supported: a metric selector name{label=\"v\", label!=\"v\", label=~\"regex\", label!~\"regex\"}, optionally inside " +
        "sum, avg, min, max or count (...) with by (labels) or without (labels), and arithmetic on plain numbers";

    private static readonly Dictionary<string, AggregationOperator> Aggregations = new(StringComparer.Ordinal)
    {
        ["sum"] = AggregationOperator.Sum,
        ["avg"] = AggregationOperator.Avg,
        ["min"] = AggregationOperator.Min,
        ["max"] = AggregationOperator.Max,
        ["count"] = AggregationOperator.Count,
    };

    private static readonly HashSet<string> UnsupportedAggregations =
        ["stddev", "stdvar", "topk", "bottomk", "quantile", "count_values", "group", "limitk", "limit_ratio"];

    private static readonly HashSet<string> SetOperators = ["and", "or", "unless"];

    private readonly string _text;
    private int _position;
    private Token _current;

    private PromQlParser(string text)
    {
        _text = text;
        _current = Lex();
    }

    /// <exception cref="PromQlSyntaxException">The query is malformed or outside the subset.</exception>
    public static QueryExpression Parse(string query)
    {
        var parser = new PromQlParser(query ?? "");
        if (parser._current.Kind == TokenKind.End) throw parser.Error(parser._current, "no expression found in input");
        var expression = parser.ParseBinary(0);
        if (parser._current.Kind != TokenKind.End) throw parser.Unexpected(parser._current, "end of input");
        return expression;
    }

    // --- expressions -------------------------------------------------------------------------------------------

    private static int Precedence(Token token) => token.Kind switch
    {
        TokenKind.Operator => token.Text switch
        {
            "+" or "-" => 4,
            "*" or "/" or "%" => 5,
            "^" => 6,
            "==" or "!=" or "<" or ">" or "<=" or ">=" => 3,
            _ => -1,
        },
        TokenKind.Identifier when SetOperators.Contains(token.Text.ToLowerInvariant()) || token.Text == "atan2" => 2,
        _ => -1,
    };

    /// <summary>Precedence climbing over PromQL's binary operators; only arithmetic on two numbers is evaluated.</summary>
    private QueryExpression ParseBinary(int minimum)
    {
        var left = ParseUnary();
        while (true)
        {
            var op = _current;
            var precedence = Precedence(op);
            if (precedence < 0 || precedence < minimum) return left;
            Advance();
            if (op.Kind == TokenKind.Identifier || precedence == 3)
                throw Error(op, $"binary operator \"{op.Text}\" is not supported; {Supported}");
            if (_current is { Kind: TokenKind.Identifier, Text: "bool" or "on" or "ignoring" or "group_left" or "group_right" })
                throw Error(_current, $"\"{_current.Text}\" modifiers of binary operators are not supported; {Supported}");
            // ^ is right-associative, the others left-associative.
            var right = ParseBinary(op.Text == "^" ? precedence : precedence + 1);
            if (left is not ScalarLiteral l || right is not ScalarLiteral r)
                throw Error(op, $"binary operator \"{op.Text}\" between series is not supported; {Supported}");
            left = new ScalarLiteral(Arithmetic(op.Text, l.Value, r.Value));
        }
    }

    private static double Arithmetic(string op, double l, double r) => op switch
    {
        "+" => l + r,
        "-" => l - r,
        "*" => l * r,
        "/" => l / r,
        // Go's math.Mod and C#'s % both truncate toward zero.
        "%" => l % r,
        _ => Math.Pow(l, r),
    };

    private QueryExpression ParseUnary()
    {
        if (_current is { Kind: TokenKind.Operator, Text: "-" or "+" })
        {
            var sign = _current;
            Advance();
            var operand = ParseUnary();
            if (operand is ScalarLiteral s) return sign.Text == "-" ? new ScalarLiteral(-s.Value) : s;
            throw Error(sign, $"unary \"{sign.Text}\" on series is not supported; {Supported}");
        }
        return ParsePostfix(ParsePrimary());
    }

    /// <summary>What may follow an operand in PromQL but not in the subset: range selectors, offsets, <c>@</c>, subqueries.</summary>
    private QueryExpression ParsePostfix(QueryExpression operand)
    {
        switch (_current)
        {
            case { Kind: TokenKind.Punctuation, Text: "[" }:
                throw Error(_current, $"range vector selectors and subqueries ([...]) are not supported; {Supported}");
            case { Kind: TokenKind.Identifier, Text: "offset" }:
                throw Error(_current, $"offset modifiers are not supported; {Supported}");
            case { Kind: TokenKind.Punctuation, Text: "@" }:
                throw Error(_current, $"@ modifiers are not supported; {Supported}");
            default:
                return operand;
        }
    }

    private QueryExpression ParsePrimary()
    {
        var token = _current;
        switch (token.Kind)
        {
            case TokenKind.Number:
                Advance();
                return new ScalarLiteral(token.Number);
            case TokenKind.String:
                throw Error(token, $"string literals are not supported as queries; {Supported}");
            case TokenKind.Punctuation when token.Text == "(":
            {
                Advance();
                var inner = ParseBinary(0);
                Expect(")");
                return inner;
            }
            case TokenKind.Punctuation when token.Text == "{":
                return ParseSelector(null, token);
            case TokenKind.Identifier:
                return ParseIdentifier(token);
            case TokenKind.End:
                throw Error(token, "unexpected end of input");
            default:
                throw Unexpected(token, "a metric selector, an aggregation or a number");
        }
    }

    private QueryExpression ParseIdentifier(Token token)
    {
        Advance();
        var name = token.Text;
        var next = _current;
        var opensCall = next is { Kind: TokenKind.Punctuation, Text: "(" };
        var opensGrouping = next is { Kind: TokenKind.Identifier, Text: "by" or "without" };
        if (Aggregations.TryGetValue(name, out var op) && (opensCall || opensGrouping)) return ParseAggregation(op, token);
        if (UnsupportedAggregations.Contains(name) && (opensCall || opensGrouping))
            throw Error(token, $"aggregation \"{name}\" is not supported; {Supported}");
        if (opensCall) throw Error(token, $"function \"{name}\" is not supported; {Supported}");
        if (next.Kind != TokenKind.Punctuation || next.Text != "{")
        {
            if (name.Equals("inf", StringComparison.OrdinalIgnoreCase)) return new ScalarLiteral(double.PositiveInfinity);
            if (name.Equals("nan", StringComparison.OrdinalIgnoreCase)) return new ScalarLiteral(double.NaN);
        }
        return ParseSelector(name, token);
    }

    private Aggregation ParseAggregation(AggregationOperator op, Token opToken)
    {
        var (grouping, without, groupingToken) = ParseGrouping();
        Expect("(");
        if (_current is { Kind: TokenKind.Punctuation, Text: ")" })
            throw Error(_current, $"no arguments for aggregate expression \"{opToken.Text}\" provided");
        var input = ParseBinary(0);
        if (_current is { Kind: TokenKind.Punctuation, Text: "," })
            throw Error(_current, $"aggregation \"{opToken.Text}\" takes one argument");
        Expect(")");
        if (_current is { Kind: TokenKind.Identifier, Text: "by" or "without" })
        {
            if (groupingToken is not null) throw Error(_current, "an aggregation takes one by or without clause, before or after its argument, not both");
            (grouping, without, _) = ParseGrouping();
            if (_current is { Kind: TokenKind.Identifier, Text: "by" or "without" })
                throw Error(_current, "an aggregation takes one by or without clause, before or after its argument, not both");
        }
        if (input is ScalarLiteral) throw Error(opToken, $"expected type instant vector in aggregation expression, got scalar");
        return new Aggregation(op, input, grouping, without);
    }

    private (IReadOnlyList<string> Labels, bool Without, Token? Keyword) ParseGrouping()
    {
        if (_current is not { Kind: TokenKind.Identifier, Text: "by" or "without" }) return ([], false, null);
        var keyword = _current;
        Advance();
        Expect("(");
        var labels = new List<string>();
        while (_current is not { Kind: TokenKind.Punctuation, Text: ")" })
        {
            if (_current.Kind is not (TokenKind.Identifier or TokenKind.String)) throw Unexpected(_current, "a label name in the grouping");
            labels.Add(_current.Text);
            Advance();
            if (_current is { Kind: TokenKind.Punctuation, Text: "," }) Advance();
            else if (_current is not { Kind: TokenKind.Punctuation, Text: ")" }) throw Unexpected(_current, "\",\" or \")\" in the grouping");
        }
        Advance();
        return (labels, keyword.Text == "without", keyword);
    }

    private VectorSelector ParseSelector(string? metricName, Token start)
    {
        var matchers = new List<LabelMatcher>();
        if (metricName is not null) matchers.Add(new LabelMatcher(LabelMatcher.MetricNameLabel, LabelMatchType.Equal, metricName));
        if (_current is { Kind: TokenKind.Punctuation, Text: "{" })
        {
            Advance();
            while (_current is not { Kind: TokenKind.Punctuation, Text: "}" })
            {
                matchers.Add(ParseMatcher(metricName is not null, matchers));
                if (_current is { Kind: TokenKind.Punctuation, Text: "," }) Advance();
                else if (_current is not { Kind: TokenKind.Punctuation, Text: "}" }) throw Unexpected(_current, "\",\" or \"}\" in the label matchers");
            }
            Advance();
        }
        if (matchers.All(m => m.MatchesEmpty)) throw Error(start, "vector selector must contain at least one non-empty matcher");
        return new VectorSelector(matchers);
    }

    private LabelMatcher ParseMatcher(bool nameGiven, List<LabelMatcher> matchers)
    {
        var nameToken = _current;
        if (nameToken.Kind == TokenKind.String)
        {
            // {"metric_name", ...}: Prometheus 3's quoted metric name.
            Advance();
            if (_current is { Kind: TokenKind.Punctuation, Text: "," or "}" })
            {
                if (nameGiven || matchers.Any(m => m.Name == LabelMatcher.MetricNameLabel))
                    throw Error(nameToken, "metric name must not be set twice");
                return new LabelMatcher(LabelMatcher.MetricNameLabel, LabelMatchType.Equal, nameToken.Text);
            }
        }
        else if (nameToken.Kind == TokenKind.Identifier) Advance();
        else throw Unexpected(nameToken, "a label name");

        if (_current.Kind != TokenKind.Operator || _current.Text is not ("=" or "!=" or "=~" or "!~"))
            throw Unexpected(_current, "a label matching operator (=, !=, =~ or !~)");
        var type = _current.Text switch { "=" => LabelMatchType.Equal, "!=" => LabelMatchType.NotEqual, "=~" => LabelMatchType.Regex, _ => LabelMatchType.NotRegex };
        var opToken = _current;
        // The value is read straight from the text: quoted, or (as Kayenta writes label bindings) bare up to , or }.
        var value = ReadMatcherValue(opToken);
        if (nameToken.Text == LabelMatcher.MetricNameLabel && nameGiven && type == LabelMatchType.Equal)
            throw Error(nameToken, $"metric name must not be set twice: \"{matchers[0].Value}\" or \"{value}\"");
        try
        {
            return new LabelMatcher(nameToken.Text, type, value);
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException)
        {
            throw Error(opToken, $"error parsing regexp \"{value}\": {e.Message}");
        }
    }

    // --- lexing ------------------------------------------------------------------------------------------------

    private enum TokenKind { End, Identifier, Number, String, Operator, Punctuation }

    private readonly record struct Token(TokenKind Kind, string Text, int Offset, double Number = 0);

    private void Advance() => _current = Lex();

    private void Expect(string punctuation)
    {
        if (_current.Kind != TokenKind.Punctuation || _current.Text != punctuation) throw Unexpected(_current, $"\"{punctuation}\"");
        Advance();
    }

    private string ReadMatcherValue(Token opToken)
    {
        // _current is the operator; _position is just after it.
        SkipSpace();
        if (_position < _text.Length && _text[_position] is '"' or '\'' or '`')
        {
            var value = ReadString();
            Advance();
            return value;
        }
        var begin = _position;
        while (_position < _text.Length && _text[_position] is not (',' or '}')) _position++;
        var bare = _text[begin.._position].Trim();
        if (bare.Length == 0) throw Error(new Token(TokenKind.End, "", begin), $"expected a label value after \"{opToken.Text}\"");
        Advance();
        return bare;
    }

    private void SkipSpace()
    {
        while (_position < _text.Length)
        {
            if (char.IsWhiteSpace(_text[_position])) _position++;
            else if (_text[_position] == '#')
                while (_position < _text.Length && _text[_position] != '\n') _position++;
            else break;
        }
    }

    private Token Lex()
    {
        SkipSpace();
        if (_position >= _text.Length) return new Token(TokenKind.End, "", _position);
        var start = _position;
        var c = _text[_position];
        if (IsNameStart(c))
        {
            _position++;
            while (_position < _text.Length && (IsNameChar(_text[_position])
                       || (_text[_position] == '-' && _position + 1 < _text.Length && IsNameChar(_text[_position + 1]))))
                _position++;
            return new Token(TokenKind.Identifier, _text[start.._position], start);
        }
        if (char.IsAsciiDigit(c) || (c == '.' && _position + 1 < _text.Length && char.IsAsciiDigit(_text[_position + 1]))) return LexNumber(start);
        if (c is '"' or '\'' or '`') return new Token(TokenKind.String, ReadString(), start);
        foreach (var op in (string[])["=~", "!~", "!=", "==", "<=", ">=", "=", "<", ">", "+", "-", "*", "/", "%", "^"])
        {
            if (string.CompareOrdinal(_text, _position, op, 0, op.Length) != 0) continue;
            _position += op.Length;
            return new Token(TokenKind.Operator, op, start);
        }
        if (c is '(' or ')' or '{' or '}' or '[' or ']' or ',' or '@')
        {
            _position++;
            return new Token(TokenKind.Punctuation, c.ToString(), start);
        }
        throw Error(new Token(TokenKind.End, "", start), $"unexpected character \"{c}\"");
    }

    private Token LexNumber(int start)
    {
        if (_text[_position] == '0' && _position + 1 < _text.Length && _text[_position + 1] is 'x' or 'X')
        {
            _position += 2;
            while (_position < _text.Length && char.IsAsciiHexDigit(_text[_position])) _position++;
            var hex = _text[(start + 2).._position];
            if (hex.Length == 0 || !long.TryParse(hex, NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var h))
                throw Error(new Token(TokenKind.End, "", start), $"bad number \"{_text[start.._position]}\"");
            return new Token(TokenKind.Number, _text[start.._position], start, h);
        }
        while (_position < _text.Length && (char.IsAsciiDigit(_text[_position]) || _text[_position] is '.' or '_')) _position++;
        if (_position < _text.Length && _text[_position] is 'e' or 'E')
        {
            var mark = _position++;
            if (_position < _text.Length && _text[_position] is '+' or '-') _position++;
            if (_position < _text.Length && char.IsAsciiDigit(_text[_position]))
                while (_position < _text.Length && char.IsAsciiDigit(_text[_position])) _position++;
            else _position = mark;
        }
        var text = _text[start.._position];
        if (_position < _text.Length && char.IsAsciiLetter(_text[_position]))
            throw Error(new Token(TokenKind.End, "", start), $"durations and numbers followed by letters (\"{text}{_text[_position]}...\") are not supported here; {Supported}");
        if (!double.TryParse(text.Replace("_", ""), NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
            throw Error(new Token(TokenKind.End, "", start), $"bad number \"{text}\"");
        return new Token(TokenKind.Number, text, start, number);
    }

    /// <summary>A string literal at <see cref="_position"/>: Go escapes inside "..." and '...', none inside `...`.</summary>
    private string ReadString()
    {
        var start = _position;
        var quote = _text[_position++];
        var value = new StringBuilder();
        while (true)
        {
            if (_position >= _text.Length || (quote != '`' && _text[_position] == '\n'))
                throw Error(new Token(TokenKind.End, "", start), "unterminated quoted string");
            var c = _text[_position++];
            if (c == quote) return value.ToString();
            if (c != '\\' || quote == '`')
            {
                value.Append(c);
                continue;
            }
            if (_position >= _text.Length) throw Error(new Token(TokenKind.End, "", start), "unterminated quoted string");
            var e = _text[_position++];
            switch (e)
            {
                case 'a': value.Append('\a'); break;
                case 'b': value.Append('\b'); break;
                case 'f': value.Append('\f'); break;
                case 'n': value.Append('\n'); break;
                case 'r': value.Append('\r'); break;
                case 't': value.Append('\t'); break;
                case 'v': value.Append('\v'); break;
                case '\\': value.Append('\\'); break;
                case '"' or '\'' when e == quote: value.Append(e); break;
                case 'x': value.Append((char)HexEscape(2, start)); break;
                case 'u': value.Append(char.ConvertFromUtf32(HexEscape(4, start))); break;
                case 'U': value.Append(char.ConvertFromUtf32(HexEscape(8, start))); break;
                case >= '0' and <= '7':
                    if (_position + 2 > _text.Length) throw Error(new Token(TokenKind.End, "", start), "bad octal escape");
                    value.Append((char)Convert.ToInt32(_text.Substring(_position - 1, 3), 8));
                    _position += 2;
                    break;
                default:
                    throw Error(new Token(TokenKind.End, "", _position - 2), $"unknown escape sequence \"\\{e}\"");
            }
        }
    }

    private int HexEscape(int digits, int start)
    {
        if (_position + digits > _text.Length
            || !int.TryParse(_text.AsSpan(_position, digits), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var code)
            || code > 0x10FFFF || code is >= 0xD800 and <= 0xDFFF)
            throw Error(new Token(TokenKind.End, "", start), "bad escape in quoted string");
        _position += digits;
        return code;
    }

    private static bool IsNameStart(char c) => char.IsAsciiLetter(c) || c is '_' or ':';

    private static bool IsNameChar(char c) => char.IsAsciiLetterOrDigit(c) || c is '_' or ':';

    private PromQlSyntaxException Unexpected(Token token, string expected) => Error(token,
        token.Kind == TokenKind.End ? $"unexpected end of input, expected {expected}" : $"unexpected \"{token.Text}\", expected {expected}");

    private PromQlSyntaxException Error(Token token, string reason)
    {
        var line = 1;
        var column = 1;
        for (var i = 0; i < token.Offset && i < _text.Length; i++)
        {
            if (_text[i] == '\n')
            {
                line++;
                column = 1;
            }
            else column++;
        }
        return new PromQlSyntaxException(line, column, reason);
    }
}
