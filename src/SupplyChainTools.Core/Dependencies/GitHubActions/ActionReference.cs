using System;
using System.Collections.Generic;
using System.Text.RegularExpressions;

namespace SupplyChainTools.Core.Dependencies.GitHubActions
{
    /// <summary>
    /// A uses: value of a step or job ("owner/repo[/path]@ref") and the pin policy that applies to it, in zizmor's
    /// shape: the most specific matching pattern ("owner/repo/path", "owner/repo", "owner/*", "*") gives "hash-pin"
    /// (a full 40-hex commit), "ref-pin" (any tag, branch or commit) or "any" (no pin needed); with none, hash-pin.
    /// </summary>
    internal static class ActionReference
    {
        public const string HashPin = "hash-pin";
        public const string RefPin = "ref-pin";
        public const string Any = "any";

        private static readonly Regex FullSha = new Regex("^[0-9a-f]{40}$", RegexOptions.CultureInvariant);
        private static readonly Regex ShortSha = new Regex("^[0-9a-f]{7,39}$", RegexOptions.CultureInvariant);

        /// <summary>Splits "owner/repo/path@ref" into the action and its ref (empty when there is no '@').</summary>
        public static (string Action, string Ref) Split(string uses)
        {
            int at = uses.LastIndexOf('@');
            return at < 0 ? (uses.Trim(), string.Empty) : (uses.Substring(0, at).Trim(), uses.Substring(at + 1).Trim());
        }

        public static bool IsFullSha(string reference) => FullSha.IsMatch(reference);

        /// <summary>What kind of ref it is, for the finding's message: "a commit", "an abbreviated commit", "a tag or branch", "no ref".</summary>
        public static string Describe(string reference)
        {
            if (reference.Length == 0)
            {
                return "no ref";
            }

            if (IsFullSha(reference))
            {
                return "a full commit SHA";
            }

            return ShortSha.IsMatch(reference) ? "an abbreviated commit SHA, which is not a pin" : "the tag or branch '" + reference + "', which can be moved";
        }

        /// <summary>The policy for <paramref name="action"/> from <paramref name="policies"/> (hash-pin by default).</summary>
        public static string Policy(string action, IReadOnlyDictionary<string, string> policies)
        {
            string best = HashPin;
            int bestScore = -1;
            foreach (KeyValuePair<string, string> policy in policies)
            {
                if (!Matches(policy.Key, action))
                {
                    continue;
                }

                int score = policy.Key.Replace("*", string.Empty).Length;
                if (score > bestScore)
                {
                    bestScore = score;
                    best = policy.Value.Trim().ToLowerInvariant();
                }
            }

            return best;
        }

        /// <summary>True when <paramref name="reference"/> satisfies <paramref name="policy"/>.</summary>
        public static bool Satisfies(string policy, string reference) => policy switch
        {
            Any => true,
            RefPin => reference.Length > 0,
            _ => IsFullSha(reference),
        };

        /// <summary>
        /// True when the policy pattern matches the action: '*' matches within one path segment except at the end,
        /// where it matches the rest; "owner/repo" also matches its sub-path actions.
        /// </summary>
        public static bool Matches(string pattern, string action)
        {
            if (pattern == "*")
            {
                return true;
            }

            if (pattern.EndsWith("/*", StringComparison.Ordinal))
            {
                return action.StartsWith(pattern.Substring(0, pattern.Length - 1), StringComparison.OrdinalIgnoreCase);
            }

            return action.Equals(pattern, StringComparison.OrdinalIgnoreCase)
                || action.StartsWith(pattern + "/", StringComparison.OrdinalIgnoreCase);
        }
    }
}
