using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;

namespace SupplyChainTools.Core.Baselines
{
    /// <summary>The values of the -SignerIdentity rule: who counts as "the same signer" across an update.</summary>
    public static class SignerIdentityRule
    {
        /// <summary>The same publisher (organisation, or common name where there is none) under the same root, both trusted.</summary>
        public const string Publisher = "Publisher";

        /// <summary>The same leaf certificate (thumbprint) under the same root: every certificate renewal is a change of signer.</summary>
        public const string Certificate = "Certificate";

        public static bool IsKnown(string? rule) => rule == Publisher || rule == Certificate;
    }

    /// <summary>
    /// A publisher's identity taken from a certificate subject as .NET formats it (<c>X509Certificate2.Subject</c>,
    /// the <c>signer</c> key of a baseline): its organisation attributes (O), or its common names (CN) where it has no
    /// O, each trimmed, sorted case-insensitively and joined with " + ". Identities are compared case-insensitively.
    /// Locality, serial number and the other attributes that change with a renewal are left out on purpose.
    /// </summary>
    public static class PublisherIdentity
    {
        /// <summary>The identity of <paramref name="subject"/>; null when it names neither O nor CN (or cannot be read).</summary>
        public static string? FromSubject(string? subject)
        {
            if (string.IsNullOrWhiteSpace(subject))
            {
                return null;
            }

            List<(string Key, string Value)>? attributes = Parse(subject!);
            if (attributes == null)
            {
                return null;
            }

            string key = attributes.Any(a => a.Key == "O") ? "O" : "CN";
            string[] values = attributes.Where(a => a.Key == key && a.Value.Length > 0)
                .Select(a => a.Value)
                .Distinct(StringComparer.OrdinalIgnoreCase)
                .OrderBy(v => v, StringComparer.OrdinalIgnoreCase)
                .ThenBy(v => v, StringComparer.Ordinal)
                .ToArray();
            return values.Length == 0 ? null : string.Join(" + ", values.Select(v => key + "=" + v));
        }

        public static bool Same(string? left, string? right) =>
            left != null && right != null && string.Equals(left, right, StringComparison.OrdinalIgnoreCase);

        /// <summary>
        /// Splits "K=V, K=V + K=V" into attributes, honouring .NET's (and CryptoAPI's) quoting: a value holding a
        /// separator is written in double quotes, a quote inside it doubled. Keys are upper-cased.
        /// </summary>
        private static List<(string Key, string Value)>? Parse(string subject)
        {
            var attributes = new List<(string, string)>();
            int i = 0;
            while (i < subject.Length)
            {
                while (i < subject.Length && (subject[i] == ' ' || subject[i] == ',' || subject[i] == '+' || subject[i] == ';'))
                {
                    i++;
                }

                int equals = subject.IndexOf('=', i);
                if (i >= subject.Length)
                {
                    break;
                }

                if (equals < 0)
                {
                    return null;
                }

                string key = subject.Substring(i, equals - i).Trim().ToUpperInvariant();
                i = equals + 1;
                var value = new StringBuilder();
                if (i < subject.Length && subject[i] == '"')
                {
                    i++;
                    while (true)
                    {
                        if (i >= subject.Length)
                        {
                            return null;
                        }

                        if (subject[i] == '"')
                        {
                            if (i + 1 < subject.Length && subject[i + 1] == '"')
                            {
                                value.Append('"');
                                i += 2;
                                continue;
                            }

                            i++;
                            break;
                        }

                        value.Append(subject[i++]);
                    }
                }
                else
                {
                    while (i < subject.Length && subject[i] != ',' && subject[i] != '+' && subject[i] != ';')
                    {
                        value.Append(subject[i++]);
                    }
                }

                attributes.Add((key, value.ToString().Trim()));
            }

            return attributes;
        }
    }
}
