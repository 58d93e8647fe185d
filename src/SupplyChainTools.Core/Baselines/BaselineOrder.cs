using System;
using System.Collections.Generic;

namespace SupplyChainTools.Core.Baselines
{
    /// <summary>
    /// The canonical order of baseline entries: by root index, then depth-first pre-order with, inside each
    /// directory, the non-directory entries first (ordinal by name) and then each subdirectory (ordinal by
    /// name) immediately followed by everything below it. This is exactly the order in which
    /// <see cref="FileSystem.FileWalker"/> yields files (it lists a directory's files, then descends into its
    /// subdirectories smallest first), so a live walk and a baseline file can be merged in one pass.
    /// Formally, comparing two paths component by component (split on '/'): the first position where they
    /// differ decides; a path that ends there (the directory itself) comes first; otherwise a leaf (the last
    /// component of a non-directory) comes before a directory component; otherwise ordinal UTF-16 order.
    /// </summary>
    public sealed class BaselineOrder : IComparer<BaselineEntry>
    {
        public static BaselineOrder Instance { get; } = new BaselineOrder();

        public int Compare(BaselineEntry? x, BaselineEntry? y)
        {
            if (ReferenceEquals(x, y))
            {
                return 0;
            }

            if (x == null)
            {
                return -1;
            }

            if (y == null)
            {
                return 1;
            }

            return Compare(x.Tree, x.Path, x.IsDirectory, y.Tree, y.Path, y.IsDirectory);
        }

        public static int Compare(int treeX, string pathX, bool directoryX, int treeY, string pathY, bool directoryY)
        {
            if (treeX != treeY)
            {
                return treeX < treeY ? -1 : 1;
            }

            int startX = 0;
            int startY = 0;
            while (true)
            {
                bool endX = startX > pathX.Length;
                bool endY = startY > pathY.Length;
                if (endX || endY)
                {
                    return endX == endY ? 0 : endX ? -1 : 1;
                }

                int slashX = pathX.IndexOf('/', startX);
                int slashY = pathY.IndexOf('/', startY);
                int stopX = slashX < 0 ? pathX.Length : slashX;
                int stopY = slashY < 0 ? pathY.Length : slashY;
                bool leafX = slashX < 0 && !directoryX;
                bool leafY = slashY < 0 && !directoryY;
                if (leafX != leafY)
                {
                    return leafX ? -1 : 1;
                }

                int lengthX = stopX - startX;
                int lengthY = stopY - startY;
                int order = string.CompareOrdinal(pathX, startX, pathY, startY, Math.Min(lengthX, lengthY));
                if (order != 0)
                {
                    return order < 0 ? -1 : 1;
                }

                if (lengthX != lengthY)
                {
                    return lengthX < lengthY ? -1 : 1;
                }

                // Same component: the path that ends here is the directory that holds the other.
                startX = slashX < 0 ? pathX.Length + 1 : slashX + 1;
                startY = slashY < 0 ? pathY.Length + 1 : slashY + 1;
            }
        }
    }
}
