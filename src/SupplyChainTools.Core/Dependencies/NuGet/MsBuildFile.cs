using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading;
using System.Xml.Linq;

namespace SupplyChainTools.Core.Dependencies.NuGet
{
    /// <summary>A package item of an MSBuild file: PackageReference, PackageVersion or GlobalPackageReference.</summary>
    internal sealed class MsBuildPackageItem
    {
        public MsBuildPackageItem(string kind, string id, bool isUpdate, int? line, string? version, int? versionLine, string? versionOverride, int? overrideLine)
        {
            Kind = kind;
            Id = id;
            IsUpdate = isUpdate;
            Line = line;
            Version = version;
            VersionLine = versionLine;
            VersionOverride = versionOverride;
            OverrideLine = overrideLine;
        }

        public string Kind { get; }
        public string Id { get; }
        public bool IsUpdate { get; }
        public int? Line { get; }
        public string? Version { get; }
        public int? VersionLine { get; }
        public string? VersionOverride { get; }
        public int? OverrideLine { get; }
    }

    /// <summary>
    /// What the NuGet audits read from a project, Directory.Packages.props or Directory.Build.props: properties and
    /// package items, with their lines. MSBuild is not evaluated: conditions are noted, not decided, and only
    /// $(Property) references defined in the same files are substituted.
    /// </summary>
    internal sealed class MsBuildFile
    {
        private const int MaxItems = 100_000;
        private static readonly Regex PropertyReference = new Regex(@"\$\(([A-Za-z_][A-Za-z0-9_.-]*)\)", RegexOptions.CultureInvariant);

        private MsBuildFile(string path)
        {
            Path = path;
        }

        public string Path { get; }

        /// <summary>Unconditional property values, the last definition winning as in MSBuild.</summary>
        public Dictionary<string, string> Properties { get; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

        /// <summary>Properties set only under a Condition (on the property or its group).</summary>
        public HashSet<string> ConditionalProperties { get; } = new HashSet<string>(StringComparer.OrdinalIgnoreCase);

        public List<MsBuildPackageItem> Items { get; } = new List<MsBuildPackageItem>();

        public static MsBuildFile Read(DependencyFile file, CancellationToken cancellationToken)
        {
            DependencyText text = DependencyText.Read(file, cancellationToken);
            XDocument document = text.ParseXml(cancellationToken);
            var result = new MsBuildFile(file.FullPath);
            XElement? root = document.Root;
            if (root == null || !string.Equals(root.Name.LocalName, "Project", StringComparison.Ordinal))
            {
                throw text.Invalid(root == null ? null : DependencyText.LineOf(root), "not an MSBuild project (the root element is not <Project>)");
            }

            foreach (XElement group in root.Elements().Where(e => e.Name.LocalName == "PropertyGroup"))
            {
                bool groupConditional = group.Attribute("Condition") != null;
                foreach (XElement property in group.Elements())
                {
                    if (groupConditional || property.Attribute("Condition") != null)
                    {
                        result.ConditionalProperties.Add(property.Name.LocalName);
                    }
                    else
                    {
                        result.Properties[property.Name.LocalName] = property.Value.Trim();
                    }
                }
            }

            foreach (XElement item in root.Elements().Where(e => e.Name.LocalName == "ItemGroup").SelectMany(g => g.Elements()))
            {
                cancellationToken.ThrowIfCancellationRequested();
                string kind = item.Name.LocalName;
                if (kind != "PackageReference" && kind != "PackageVersion" && kind != "GlobalPackageReference")
                {
                    continue;
                }

                if (result.Items.Count >= MaxItems)
                {
                    throw text.Invalid(DependencyText.LineOf(item), $"more than {MaxItems} package items");
                }

                string? include = item.Attribute("Include")?.Value;
                string? update = item.Attribute("Update")?.Value;
                string id = (include ?? update ?? string.Empty).Trim();
                if (id.Length == 0)
                {
                    continue;
                }

                (string? version, XObject? versionNode) = DependencyText.ValueOf(item, "Version");
                (string? versionOverride, XObject? overrideNode) = DependencyText.ValueOf(item, "VersionOverride");
                result.Items.Add(new MsBuildPackageItem(
                    kind, id, include == null, DependencyText.LineOf(item),
                    version, versionNode == null ? null : DependencyText.LineOf(versionNode),
                    versionOverride, overrideNode == null ? null : DependencyText.LineOf(overrideNode)));
            }

            return result;
        }

        /// <summary>True when the property is set to true unconditionally; null when it is not set at all.</summary>
        public bool? Flag(string name) =>
            Properties.TryGetValue(name, out string? value) ? string.Equals(value, "true", StringComparison.OrdinalIgnoreCase) : (bool?)null;

        /// <summary><paramref name="value"/> with $(Property) references replaced from <paramref name="scopes"/> (first match wins).</summary>
        public static string Substitute(string value, params MsBuildFile?[] scopes) =>
            PropertyReference.Replace(value, match =>
            {
                foreach (MsBuildFile? scope in scopes)
                {
                    if (scope != null && scope.Properties.TryGetValue(match.Groups[1].Value, out string? replacement) && !replacement.Contains("$("))
                    {
                        return replacement;
                    }
                }

                return match.Value;
            });
    }
}
