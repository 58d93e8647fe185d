using System;
using System.Collections.Generic;
using System.Linq;

namespace SupplyChainTools.Core.Dependencies.PowerShell
{
    /// <summary>
    /// The parameters of one command as written: -Name value, -Name:value, switches, and positional arguments.
    /// Parameter names may be abbreviated, as PowerShell allows (-Req for -RequiredVersion).
    /// </summary>
    internal sealed class PowerShellParameters
    {
        private readonly List<(string Name, string? Value)> _named = new List<(string, string?)>();
        private readonly List<string> _positional = new List<string>();

        public PowerShellParameters(IReadOnlyList<string> command)
        {
            for (int i = 1; i < command.Count; i++)
            {
                string word = command[i];
                if (word.Length > 1 && word[0] == '-' && !char.IsDigit(word[1]))
                {
                    int colon = word.IndexOf(':');
                    if (colon > 0)
                    {
                        _named.Add((word.Substring(1, colon - 1), word.Substring(colon + 1)));
                    }
                    else if (i + 1 < command.Count && !(command[i + 1].Length > 1 && command[i + 1][0] == '-' && !char.IsDigit(command[i + 1][1])))
                    {
                        _named.Add((word.Substring(1), command[++i]));
                    }
                    else
                    {
                        _named.Add((word.Substring(1), null));
                    }
                }
                else
                {
                    _positional.Add(word);
                }
            }
        }

        /// <summary>The value of the first parameter written as one of <paramref name="names"/> (or an abbreviation of it).</summary>
        public string? Value(params string[] names)
        {
            foreach ((string name, string? value) in _named)
            {
                if (value != null && names.Any(full => full.StartsWith(name, StringComparison.OrdinalIgnoreCase) && name.Length >= Math.Min(3, full.Length)))
                {
                    return value;
                }
            }

            return null;
        }

        /// <summary>True when the switch is present (and not -Switch:$false).</summary>
        public bool Switch(string name) =>
            _named.Any(p => p.Name.Equals(name, StringComparison.OrdinalIgnoreCase) && (p.Value == null || !p.Value.Equals("$false", StringComparison.OrdinalIgnoreCase)));

        public string? Positional(int index) => index < _positional.Count ? _positional[index] : null;

        /// <summary>The module names: -Name (a comma list) or the first positional argument.</summary>
        public IEnumerable<string> Names()
        {
            string? names = Value("Name") ?? Positional(0);
            if (names == null || names.StartsWith("$", StringComparison.Ordinal))
            {
                return Enumerable.Empty<string>();
            }

            return names.Trim('(', ')', '@').Split(',').Select(n => n.Trim().Trim('\'', '"')).Where(n => n.Length > 0);
        }
    }
}
