using System;
using System.Collections.Generic;
using System.IO;

namespace SupplyChainTools.Core.Dependencies
{
    /// <summary>
    /// Finds the nearest file of a given name in a folder or its parents, as MSBuild finds Directory.Packages.props
    /// and NuGet finds nuget.config, with each folder's answer remembered for the run (one lookup per folder).
    /// </summary>
    internal sealed class NearestFileFinder
    {
        private const int MaxDepth = 64;
        private const int MaxCached = 100_000;
        private readonly string[] _names;
        private readonly Dictionary<string, string?> _cache = new Dictionary<string, string?>(StringComparer.Ordinal);

        /// <param name="names">The file names to look for, in order of preference (spellings, for case-sensitive file systems).</param>
        public NearestFileFinder(params string[] names)
        {
            _names = names;
        }

        /// <summary>The nearest file at or above <paramref name="folder"/>; null when there is none.</summary>
        public string? Find(string folder)
        {
            var visited = new List<string>();
            string? current = folder;
            string? found = null;
            for (int depth = 0; current != null && depth < MaxDepth; depth++)
            {
                if (_cache.TryGetValue(current, out found))
                {
                    break;
                }

                visited.Add(current);
                found = InFolder(current);
                if (found != null)
                {
                    break;
                }

                current = Path.GetDirectoryName(current);
            }

            if (_cache.Count + visited.Count > MaxCached)
            {
                _cache.Clear();
            }

            foreach (string folderVisited in visited)
            {
                _cache[folderVisited] = found;
            }

            return found;
        }

        /// <summary>The file in this folder alone.</summary>
        public string? InFolder(string folder)
        {
            foreach (string name in _names)
            {
                string candidate = Path.Combine(folder, name);
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }

            return null;
        }
    }
}
