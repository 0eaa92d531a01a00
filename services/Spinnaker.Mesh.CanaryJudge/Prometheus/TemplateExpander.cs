using System.Text;

namespace Spinnaker.Mesh.CanaryJudge.Prometheus;

/// <summary>A template names a variable that has no value (Commons-Text's undefined-variable error).</summary>
public sealed class UndefinedTemplateVariableException(string variable, string template)
    : ArgumentException($"Problem evaluating custom filter template: {template} (variable '{variable}' is not defined)")
{
    public string Variable { get; } = variable;
}

/// <summary>
/// <c>${name}</c> substitution as Commons-Text's <c>StringSubstitutor</c> does it with undefined variables made
/// errors: <c>${name:-default}</c> uses the default when unbound, <c>$${name}</c> writes <c>${name}</c> literally,
/// and substituted values are expanded again.
/// </summary>
public static class TemplateExpander
{
    public static string Expand(string template, IReadOnlyDictionary<string, string> bindings) => Expand(template, template, bindings, 0);

    private static string Expand(string text, string template, IReadOnlyDictionary<string, string> bindings, int depth)
    {
        if (depth > 20) throw new ArgumentException($"Problem evaluating custom filter template: {template} (cyclic variables)");
        var result = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '$' && i + 2 < text.Length && text[i + 1] == '$' && text[i + 2] == '{')
            {
                result.Append("${");
                i += 2;
                continue;
            }
            if (text[i] == '$' && i + 1 < text.Length && text[i + 1] == '{')
            {
                var close = text.IndexOf('}', i + 2);
                if (close < 0)
                {
                    result.Append(text, i, text.Length - i);
                    break;
                }
                var expression = text[(i + 2)..close];
                var separator = expression.IndexOf(":-", StringComparison.Ordinal);
                var variable = separator >= 0 ? expression[..separator] : expression;
                string value;
                if (bindings.TryGetValue(variable, out var bound)) value = bound;
                else if (separator >= 0) value = expression[(separator + 2)..];
                else throw new UndefinedTemplateVariableException(variable, template);
                result.Append(Expand(value, template, bindings, depth + 1));
                i = close;
                continue;
            }
            result.Append(text[i]);
        }
        return result.ToString();
    }
}
