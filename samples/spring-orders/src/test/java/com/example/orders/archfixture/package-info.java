/** A class that breaks a ContextKit rule, to prove the rules see this sample's packages. */
@NullMarked
package com.example.orders.archfixture;

import org.jspecify.annotations.NullMarked;
